import type { AxiosInstance, AxiosResponse } from 'axios';
import type { ConnectorEvent, ConnectorEvents } from '../../application/ports/connector-events.js';
import type { Deadline } from '../../application/deadline.js';
import { ConnectorEventsUnavailable } from '../../domain/errors/connector-events-unavailable.js';
import { ConnectorMisconfigured } from '../../domain/errors/connector-misconfigured.js';
import { describeHttpFailure } from '../outbound-http/describe-http-failure.js';
import { parseJsonObject } from '../outbound-http/parse-json-object.js';
import { isTransientStatus, sendWithRetries, type RetryPolicy } from '../outbound-http/send-with-retries.js';
import { connectorEventBody } from './connector-event-body.js';

/** A request about to be sent, for a signer to add its headers to. */
export interface OutgoingRequest {
  readonly method: 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Answers the headers to send the request with: `headers` plus what the signature adds (SigV4). */
export type RequestSigner = (request: OutgoingRequest) => Promise<Record<string, string>>;

export interface AxiosConnectorEventsOptions {
  /** `https://api.iotmanagedintegrations.<region>.api.aws`, or the emulator's base URL (`C2C_EVENTS_URL`). */
  readonly baseUrl: string;
  /** Signs each request (SigV4 for managed integrations); unsigned when absent (the emulator). */
  readonly sign?: RequestSigner;
  /** What to check when the service refuses the events, for the error's message. */
  readonly configuredBy: string;
  /** Retries of transient failures within the deadline: SendConnectorEvent is idempotent. Default none. */
  readonly retry?: RetryPolicy;
}

/** The API's error type, as restJson1 names it (`X-Amzn-ErrorType`, or `__type` in the body), reduced to a safe alphabet. */
function errorTypeOf(response: AxiosResponse<string>): string {
  const header: unknown = response.headers['x-amzn-errortype'];
  const body = parseJsonObject(typeof response.data === 'string' ? response.data : '')?.['__type'];
  const type = typeof header === 'string' ? header : typeof body === 'string' ? body : '';
  return (type.split(':')[0] ?? '').split('#').pop()!.replace(/[^A-Za-z]/g, '').slice(0, 64);
}

/**
 * ConnectorEvents over HTTP: `POST {baseUrl}/connector-event/{ConnectorId}` with the event's JSON body,
 * signed when a signer is given. 200/202 is delivered; timeouts, network errors, 429 and 5xx are
 * CONNECTOR_EVENTS_UNAVAILABLE (the invocation fails and is retried); any other answer (400 ValidationException,
 * 403 AccessDeniedException, 404 ResourceNotFoundException) is CONFIGURATION_ERROR: no retry changes it.
 */
export class AxiosConnectorEvents implements ConnectorEvents {
  readonly #base: string;

  constructor(
    private readonly http: AxiosInstance,
    private readonly options: AxiosConnectorEventsOptions,
  ) {
    this.#base = options.baseUrl.replace(/\/+$/, '');
  }

  async send(connectorId: string, event: ConnectorEvent, deadline: Deadline): Promise<void> {
    if (deadline.remainingMs() === 0) throw unavailable('no time left in the deadline');
    const url = new URL(`${this.#base}/connector-event/${encodeURIComponent(connectorId)}`);
    const body = JSON.stringify(connectorEventBody(event));
    const unsigned = { 'content-type': 'application/json', accept: 'application/json' };
    const headers = this.options.sign === undefined ? unsigned : await this.options.sign({ method: 'POST', url, headers: unsigned, body });
    let response: AxiosResponse<string>;
    try {
      response = await sendWithRetries(deadline, this.options.retry ?? {}, (timeout) =>
        this.http.post<string>(url.href, body, { timeout, signal: deadline.signal, maxContentLength: 64 * 1024, headers }),
      );
    } catch (error) {
      // Not kept as cause: the AxiosError's config carries the signature headers.
      throw unavailable(describeHttpFailure(error));
    }
    const { status } = response;
    if (status === 200 || status === 202) return;
    const type = errorTypeOf(response);
    const answered = `HTTP ${status}${type === '' ? '' : `, ${type}`}`;
    if (isTransientStatus(status)) throw unavailable(answered);
    throw new ConnectorMisconfigured(
      `SendConnectorEvent refused the ${event.operation} event (${answered}), and would on every retry; check ${this.options.configuredBy}.`,
    );
  }
}

function unavailable(reason: string): ConnectorEventsUnavailable {
  return new ConnectorEventsUnavailable(`SendConnectorEvent gave no usable answer: ${reason}.`);
}
