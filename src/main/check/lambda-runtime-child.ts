// Runs in a child process of the checker: loads the module under test once (its cold start) and invokes its
// handler the way the Node.js Lambda runtime does, one invocation at a time, over the IPC channel.
import { randomUUID } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type Handler = (event: unknown, context: LambdaContext, callback?: (error: unknown, result?: unknown) => void) => unknown;

interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

interface InvokeMessage {
  readonly type: 'invoke';
  readonly id: number;
  readonly event: unknown;
  readonly budgetMs: number;
}

export type ChildMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly errorName: string; readonly errorMessage: string }
  | { readonly type: 'result'; readonly id: number; readonly text: string }
  | { readonly type: 'error'; readonly id: number; readonly errorName: string; readonly errorMessage: string };

const FUNCTION_NAME = 'c2c-check-target';

function send(message: ChildMessage): void {
  process.send?.(message);
}

function describe(error: unknown): { errorName: string; errorMessage: string } {
  if (error instanceof Error) return { errorName: error.name, errorMessage: error.message };
  return { errorName: 'Error', errorMessage: typeof error === 'string' ? error : JSON.stringify(error) ?? String(error) };
}

function contextFor(budgetMs: number): LambdaContext {
  const deadline = Date.now() + budgetMs;
  return {
    awsRequestId: randomUUID(),
    functionName: FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${FUNCTION_NAME}`,
    memoryLimitInMB: '128',
    logGroupName: `/aws/lambda/${FUNCTION_NAME}`,
    logStreamName: 'c2c-check',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(typeof error === 'string' ? error : JSON.stringify(error));
}

/** Promise-style handlers return; callback-style ones (three parameters) call back, as the runtime allows both. */
function call(handler: Handler, event: unknown, context: LambdaContext): Promise<unknown> {
  if (handler.length >= 3) {
    return new Promise((resolvePromise, reject) => {
      handler(event, context, (error, result) => (error === null || error === undefined ? resolvePromise(result) : reject(asError(error))));
    });
  }
  return Promise.resolve().then(() => handler(event, context));
}

async function main(): Promise<void> {
  const [modulePath = '', handlerName = 'handler'] = process.argv.slice(2);
  let handler: Handler;
  try {
    const url = pathToFileURL(isAbsolute(modulePath) ? modulePath : resolve(modulePath)).href;
    const loaded = (await import(url)) as Record<string, unknown>;
    const candidate = loaded[handlerName] ?? (loaded['default'] as Record<string, unknown> | undefined)?.[handlerName];
    if (typeof candidate !== 'function') throw new TypeError(`The module exports no function named "${handlerName}".`);
    handler = candidate as Handler;
  } catch (error) {
    send({ type: 'init-error', ...describe(error) });
    process.exitCode = 1;
    process.disconnect?.();
    return;
  }
  process.on('message', (message: InvokeMessage) => {
    if (message.type !== 'invoke') return;
    call(handler, message.event, contextFor(message.budgetMs)).then(
      // The runtime serializes the result with JSON.stringify: undefined becomes null.
      (result) => send({ type: 'result', id: message.id, text: JSON.stringify(result) ?? 'null' }),
      (error: unknown) => send({ type: 'error', id: message.id, ...describe(error) }),
    );
  });
  send({ type: 'ready' });
}

void main();
