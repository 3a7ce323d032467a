import { INVOCATION_BUDGET_MS, type ConnectorTarget, type EventForm, type Invocation, type InvocationOutcome } from './connector-target.js';
import type { EventSink } from './event-sink.js';
import type { TokenSource } from './token-source.js';

/** A check's expectation was not met: `reason` is one line a team can act on. Never holds a token. */
export class CheckFailed extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CheckFailed';
  }
}

/** A check cannot run here (a sample or an emulator part is missing): the reason says what would enable it. */
export class CheckSkipped extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CheckSkipped';
  }
}

export interface Envelope {
  readonly header: { readonly auth: Readonly<Record<string, unknown>> };
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface EnvelopeOptions {
  readonly operationVersion?: string;
  readonly payload?: Readonly<Record<string, unknown>>;
}

/** What the checks share: the target, the tokens, the emulator's event sink, and every invocation made. */
export class CheckContext {
  readonly connectorId = 'c2c-check-connector';
  readonly budgetMs = INVOCATION_BUDGET_MS;
  readonly #activations = new Map<string, Promise<Activation>>();

  constructor(
    readonly target: ConnectorTarget,
    readonly tokens: TokenSource,
    readonly sink: EventSink | undefined,
  ) {}

  envelope(operationName: string, token: string, options: EnvelopeOptions = {}): Envelope {
    return {
      header: { auth: { token, type: 'OAuth2.0' } },
      payload: {
        operationName,
        operationVersion: options.operationVersion ?? (operationName === 'AWS.ActivateUser' ? '1.0.0' : '1.0'),
        connectorId: this.connectorId,
        ...options.payload,
      },
    };
  }

  invoke(invocation: Invocation): Promise<InvocationOutcome> {
    return this.target.invoke(invocation, this.budgetMs);
  }

  /** Sends the envelope and insists on an answer within the budget (what a timeout or crash means is the reason). */
  async answer(invocation: Invocation, what: string): Promise<AnsweredEnvelope> {
    const outcome = await this.invoke(invocation);
    return answeredEnvelope(outcome, what);
  }

  /** ActivateUser with a fresh valid token of `user`, once per key: several checks read the same first answer. */
  activation(key: string, user: 'first' | 'second' = 'first', form: EventForm = 'json-string'): Promise<Activation> {
    let activation = this.#activations.get(key);
    if (activation === undefined) {
      activation = this.#activate(user, form);
      this.#activations.set(key, activation);
    }
    return activation;
  }

  async #activate(user: 'first' | 'second', form: EventForm): Promise<Activation> {
    const token = await this.tokens.validToken(user);
    const envelope = this.envelope('AWS.ActivateUser', token);
    const answer = await this.answer({ event: envelope, form }, 'ActivateUser with a valid token');
    return { token, envelope, answer };
  }
}

export interface Activation {
  readonly token: string;
  readonly envelope: Envelope;
  readonly answer: AnsweredEnvelope;
}

export interface AnsweredEnvelope {
  readonly outcome: Extract<InvocationOutcome, { kind: 'answered' }>;
  readonly responseCode: number | undefined;
  readonly payload: Readonly<Record<string, unknown>> | undefined;
}

export function describeOutcome(outcome: InvocationOutcome, budgetMs = INVOCATION_BUDGET_MS): string {
  switch (outcome.kind) {
    case 'answered':
      return `answered in ${outcome.ms} ms`;
    case 'threw':
      return `threw ${outcome.errorName} (a failed invocation: managed integrations retries it 5 times)`;
    case 'timed-out':
      return `no answer within ${budgetMs} ms (the Lambda timeout: a failed invocation, retried 5 times)`;
    case 'crashed':
      return `crashed: ${outcome.reason}`;
  }
}

/** The answer as an envelope; a throw, a timeout, a crash or a body that is not an envelope fails the check. */
export function answeredEnvelope(outcome: InvocationOutcome, what: string): AnsweredEnvelope {
  if (outcome.kind !== 'answered') throw new CheckFailed(`${what}: ${describeOutcome(outcome)}`);
  const body = outcome.body;
  const header = isRecord(body) ? body['header'] : undefined;
  const payload = isRecord(body) ? body['payload'] : undefined;
  const responseCode = isRecord(header) && typeof header['responseCode'] === 'number' ? header['responseCode'] : undefined;
  if (responseCode === undefined) {
    const keys = isRecord(body) ? `an object with ${Object.keys(body).slice(0, 5).map((key) => JSON.stringify(key.slice(0, 32))).join(', ') || 'no keys'}` : `a JSON ${body === null ? 'null' : Array.isArray(body) ? 'array' : body === undefined ? 'nothing' : typeof body}`;
    throw new CheckFailed(`${what}: the answer (${keys}) is not an envelope {"header":{"responseCode":<number>},"payload":{...}}`);
  }
  return { outcome, responseCode, payload: isRecord(payload) ? payload : undefined };
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A refusal as the contract wants it: answered (not thrown, so not retried) with a 4xx responseCode. */
export function expectRefusal(answer: AnsweredEnvelope, what: string): void {
  const code = answer.responseCode ?? 0;
  if (code < 400 || code > 499) throw new CheckFailed(`${what}: responseCode ${code}, expected a 4xx`);
}

export function expectSuccess(answer: AnsweredEnvelope, what: string): void {
  if (answer.responseCode !== 200) {
    const errorCode = typeof answer.payload?.['errorCode'] === 'string' ? ` (${answer.payload['errorCode'].slice(0, 64)})` : '';
    throw new CheckFailed(`${what}: responseCode ${answer.responseCode ?? 'missing'}${errorCode}, expected 200`);
  }
}

/** The userId of a successful ActivateUser answer. */
export function userIdOf(answer: AnsweredEnvelope, what: string): string {
  expectSuccess(answer, what);
  const userId = answer.payload?.['userId'];
  if (typeof userId !== 'string') throw new CheckFailed(`${what}: payload.userId is ${userId === undefined ? 'missing' : `a ${typeof userId}`}`);
  return userId;
}
