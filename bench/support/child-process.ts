import { fork } from 'node:child_process';
import { REPO_ROOT } from './paths.js';

export interface ChildRun<T> {
  readonly output: T;
  /** What the child wrote on stdout (the connector's log lines at info), drained as the Lambda runtime drains it. */
  readonly stdoutLines: number;
  readonly stdoutBytes: number;
}

/**
 * Runs a bench child (`dist-bench/bench/child/<name>.js`) with exactly `env` (no LOG_LEVEL unless given: the
 * default, as users run it), sends it `input` and answers what it sends back.
 */
export function runChild<I, T>(name: string, env: NodeJS.ProcessEnv, input: I): Promise<ChildRun<T>> {
  return new Promise((resolve, reject) => {
    const child = fork(`${REPO_ROOT}dist-bench/bench/child/${name}.js`, [], { env, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let stdoutLines = 0;
    let stdoutBytes = 0;
    let answer: { output?: T; error?: string } | undefined;
    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) stdoutLines += 1;
    });
    child.on('message', (message: { output?: T; error?: string }) => (answer = message));
    child.on('error', reject);
    child.on('close', (code) => {
      if (answer?.output !== undefined) resolve({ output: answer.output, stdoutLines, stdoutBytes });
      else reject(new Error(`bench child ${name} exited ${code}: ${answer?.error ?? 'no answer'}`));
    });
    child.send(input as object);
  });
}
