import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eventText, parseJson, type ConnectorTarget, type Invocation, type InvocationOutcome } from './connector-target.js';
import type { ChildMessage } from './lambda-runtime-child.js';

const CHILD_SCRIPT = fileURLToPath(new URL('./lambda-runtime-child.js', import.meta.url));
/** The Lambda init phase has its own 10 s limit: a module that takes longer to load does not start. */
const INIT_TIMEOUT_MS = 10_000;
const STDERR_TAIL = 2000;

export interface LambdaModuleTargetOptions {
  /** `./path/to/module.js` or `./path/to/module.js#handler` (default export name `handler`). */
  readonly spec: string;
  /** The environment of the function: the checker's settings for the connector on top of the caller's. */
  readonly env: NodeJS.ProcessEnv;
}

interface Running {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  stderr: string;
  pending: ((message: ChildMessage | { type: 'exit'; reason: string }) => void) | undefined;
}

/**
 * A Lambda module run in a child process the way the Lambda runtime runs it: loaded once (the cold start),
 * then invoked one event at a time with a context. An invocation that outlives its budget kills the
 * process, as Lambda resets a timed-out sandbox; the next invocation starts a fresh one.
 */
export class LambdaModuleTarget implements ConnectorTarget {
  readonly description: string;
  readonly #modulePath: string;
  readonly #handlerName: string;
  readonly #env: NodeJS.ProcessEnv;
  #running: Running | undefined;
  #nextId = 1;

  constructor(options: LambdaModuleTargetOptions) {
    const hash = options.spec.lastIndexOf('#');
    this.#modulePath = hash < 0 ? options.spec : options.spec.slice(0, hash);
    this.#handlerName = hash < 0 ? 'handler' : options.spec.slice(hash + 1);
    this.#env = options.env;
    this.description = `Lambda module ${this.#modulePath} (export ${this.#handlerName})`;
  }

  ready(): Promise<void> {
    return this.#start().ready;
  }

  async invoke(invocation: Invocation, budgetMs: number): Promise<InvocationOutcome> {
    let running: Running;
    try {
      running = this.#start();
      await running.ready;
    } catch (error) {
      return { kind: 'crashed', ms: 0, reason: error instanceof Error ? error.message : String(error) };
    }
    const id = this.#nextId++;
    const event = invocation.raw ?? (invocation.form === 'object' ? invocation.event : eventText(invocation));
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    return new Promise<InvocationOutcome>((resolve) => {
      const timer = setTimeout(() => {
        running.pending = undefined;
        this.#kill(running);
        resolve({ kind: 'timed-out', ms: elapsed() });
      }, budgetMs);
      running.pending = (message) => {
        clearTimeout(timer);
        running.pending = undefined;
        if (message.type === 'result') resolve({ kind: 'answered', ms: elapsed(), text: message.text, body: parseJson(message.text) });
        else if (message.type === 'error') resolve({ kind: 'threw', ms: elapsed(), errorName: message.errorName, errorMessage: message.errorMessage });
        else if (message.type === 'exit') resolve({ kind: 'crashed', ms: elapsed(), reason: message.reason });
      };
      running.child.send({ type: 'invoke', id, event, budgetMs });
    });
  }

  async close(): Promise<void> {
    if (this.#running !== undefined) this.#kill(this.#running);
  }

  #start(): Running {
    if (this.#running !== undefined) return this.#running;
    const child = fork(CHILD_SCRIPT, [this.#modulePath, this.#handlerName], {
      env: this.#env,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
    const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    ready.catch(() => undefined);
    const running: Running = { child, ready, stderr: '', pending: undefined };
    const initTimer = setTimeout(() => {
      settle?.reject(new Error(`The module did not load within ${INIT_TIMEOUT_MS} ms.`));
      this.#kill(running);
    }, INIT_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => {
      running.stderr = (running.stderr + chunk.toString()).slice(-STDERR_TAIL);
    });
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') {
        clearTimeout(initTimer);
        settle?.resolve();
      } else if (message.type === 'init-error') {
        clearTimeout(initTimer);
        settle?.reject(new Error(`The module failed to load: ${message.errorName}: ${message.errorMessage}`));
      } else {
        running.pending?.(message);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(initTimer);
      if (this.#running === running) this.#running = undefined;
      const tail = running.stderr.trim().split('\n').slice(-3).join(' | ');
      const reason = `the process exited (${signal ?? `code ${String(code)}`})${tail === '' ? '' : `: ${tail}`}`;
      settle?.reject(new Error(`The module did not start: ${reason}`));
      running.pending?.({ type: 'exit', reason });
    });
    this.#running = running;
    return running;
  }

  #kill(running: Running): void {
    if (this.#running === running) this.#running = undefined;
    running.child.kill('SIGKILL');
  }
}
