import { spawn } from 'node:child_process';
import type { SlowUpstream, TokenSource } from './token-source.js';

const COMMAND_TIMEOUT_MS = 30_000;

/** Tokens from the team's own authorization server: a shell command prints one valid access token a run. */
export class CommandTokenSource implements TokenSource {
  readonly description: string;
  readonly connectorSettings = undefined;
  readonly hasSecondUser = false;
  readonly slowUpstream: SlowUpstream | undefined = undefined;
  readonly #command: string;
  readonly #invalid: string | undefined;
  readonly #expired: string | undefined;

  constructor(command: string, samples: { readonly invalid?: string; readonly expired?: string }) {
    this.#command = command;
    this.#invalid = samples.invalid;
    this.#expired = samples.expired;
    this.description = 'tokens printed by --token-command';
  }

  validToken(): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.#command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`--token-command could not start: ${error.message}`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const token = stdout.trim();
        // The command's output is a token: it is never quoted back.
        if (code !== 0) reject(new Error(`--token-command exited with ${signal ?? String(code)}: ${stderr.trim().slice(0, 200)}`));
        else if (token === '' || /\s/.test(token)) reject(new Error('--token-command must print one access token and nothing else.'));
        else resolve(token);
      });
    });
  }

  async invalidToken(): Promise<string | undefined> {
    return this.#invalid;
  }

  async expiredToken(): Promise<string | undefined> {
    return this.#expired;
  }

  async close(): Promise<void> {}
}
