import { eventText, parseJson, type ConnectorTarget, type Invocation, type InvocationOutcome } from './connector-target.js';

export interface DeployedLambdaTargetOptions {
  /** Name, partial or full ARN, with an optional `:qualifier`. */
  readonly functionName: string;
  /** Another Lambda endpoint (LocalStack, a loopback double); default the SDK's, from region and `AWS_ENDPOINT_URL_LAMBDA`. */
  readonly endpoint?: string;
  readonly region?: string;
}

type LambdaModule = typeof import('@aws-sdk/client-lambda');

/**
 * A deployed Lambda, invoked with `Invoke` (RequestResponse) through `@aws-sdk/client-lambda` and the default
 * credential chain, as managed integrations invokes it. The client is loaded only here: nothing on the
 * connector's own path imports it.
 */
export class DeployedLambdaTarget implements ConnectorTarget {
  readonly description: string;
  readonly #options: DeployedLambdaTargetOptions;
  #client: Promise<{ module: LambdaModule; client: InstanceType<LambdaModule['LambdaClient']> }> | undefined;

  constructor(options: DeployedLambdaTargetOptions) {
    this.#options = options;
    this.description = `deployed Lambda ${options.functionName}${options.endpoint === undefined ? '' : ` at ${options.endpoint}`}`;
  }

  async ready(): Promise<void> {
    await this.#lambda();
  }

  async invoke(invocation: Invocation, budgetMs: number): Promise<InvocationOutcome> {
    const { module, client } = await this.#lambda();
    // The payload is JSON: a JSON string literal for the string form, so the handler receives a string.
    const payload = invocation.raw !== undefined || invocation.form !== 'object' ? JSON.stringify(eventText(invocation)) : eventText(invocation);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), budgetMs);
    try {
      const answer = await client.send(
        new module.InvokeCommand({ FunctionName: this.#options.functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(payload) }),
        { abortSignal: abort.signal },
      );
      const text = answer.Payload === undefined ? '' : Buffer.from(answer.Payload).toString('utf8');
      if (answer.FunctionError !== undefined) {
        const error = parseJson(text) as { errorType?: unknown; errorMessage?: unknown } | undefined;
        const errorName = typeof error?.errorType === 'string' ? error.errorType : answer.FunctionError;
        const errorMessage = typeof error?.errorMessage === 'string' ? error.errorMessage : text;
        // Lambda's own timeout, reported by the service as a function error.
        if (/Task timed out/.test(errorMessage)) return { kind: 'timed-out', ms: elapsed() };
        return { kind: 'threw', ms: elapsed(), errorName, errorMessage };
      }
      return { kind: 'answered', ms: elapsed(), text, body: parseJson(text) };
    } catch (error) {
      if (abort.signal.aborted) return { kind: 'timed-out', ms: elapsed() };
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      return { kind: 'crashed', ms: elapsed(), reason: `Invoke failed: ${name}: ${message}` };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const loaded = await this.#client?.catch(() => undefined);
    loaded?.client.destroy();
  }

  #lambda(): Promise<{ module: LambdaModule; client: InstanceType<LambdaModule['LambdaClient']> }> {
    this.#client ??= import('@aws-sdk/client-lambda').then((module) => ({
      module,
      client: new module.LambdaClient({
        ...(this.#options.region === undefined ? {} : { region: this.#options.region }),
        ...(this.#options.endpoint === undefined ? {} : { endpoint: this.#options.endpoint }),
        maxAttempts: 1,
      }),
    }));
    return this.#client;
  }
}
