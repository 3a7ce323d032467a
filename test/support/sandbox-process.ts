import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const serverScript = fileURLToPath(new URL('../../dist/main/server.js', import.meta.url));

/** `node dist/main/server.js` (what `npm start` runs after building) in sandbox mode, as a child process. */
export interface SandboxProcess {
  readonly appUrl: string;
  readonly serviceUrl: string;
  readonly issuer: string;
  /** Everything printed on stdout up to the "listening" line. */
  readonly stdout: string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface SandboxProcessOptions {
  readonly dataDir: string;
  /** Default `0`: any free port. */
  readonly port?: number;
  readonly env?: Readonly<Record<string, string>>;
}

export function startSandboxProcess(options: SandboxProcessOptions): Promise<SandboxProcess> {
  const child = spawn(process.execPath, [serverScript], {
    env: { PATH: process.env['PATH'] ?? '', PORT: String(options.port ?? 0), C2C_DATA_DIR: options.dataDir, ...options.env },
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const serviceUrl = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (serviceUrl === undefined) return;
      const appUrl = /Open (http:\/\/\S+)/.exec(stdout)?.[1];
      const issuer = /authorization server: (http:\/\/\S+)/.exec(stdout)?.[1];
      if (appUrl === undefined || issuer === undefined) {
        child.kill('SIGKILL');
        reject(new Error(`The server did not start in sandbox mode. stdout:\n${stdout}`));
        return;
      }
      resolve({ appUrl, serviceUrl, issuer, stdout, stop: () => stop(child) });
    });
    child.once('exit', (code) => reject(new Error(`The sandbox exited with ${code} before listening. stderr:\n${stderr}`)));
  });
}

function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}
