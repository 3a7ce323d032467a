import type { ServerResponse } from 'node:http';
import { sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../testing/loopback-server.js';

const ROUTE = /^\/connector-event\/([^/?]{1,200})$/;
const BODY_LIMIT = 1024 * 1024;

export interface ReceivedEvent {
  readonly connectorId: string;
  readonly body: unknown;
}

/**
 * A loopback `SendConnectorEvent` endpoint (`POST /connector-event/{ConnectorId}` → 202 `{"ConnectorId"}`,
 * MI-API.md §7), where the connector under test reports discovered devices and command responses.
 */
export class EventSink {
  readonly #events: ReceivedEvent[] = [];
  readonly #waiters = new Set<() => void>();
  #server: LoopbackServer | undefined;

  static async start(): Promise<EventSink> {
    const sink = new EventSink();
    sink.#server = await startLoopbackServer((request, response) => sink.#receive(request, response), { bodyLimitBytes: BODY_LIMIT });
    return sink;
  }

  #receive(request: RecordedRequest, response: ServerResponse): void {
    const match = ROUTE.exec(new URL(request.url, 'http://localhost').pathname);
    if (request.method !== 'POST' || match === null) {
      sendJson(response, 404, { message: 'No such route.' });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(request.body) as unknown;
    } catch {
      sendJson(response, 400, { message: 'The body is not JSON.' });
      return;
    }
    const connectorId = decodeURIComponent(match[1] ?? '');
    this.#events.push({ connectorId, body });
    for (const wake of this.#waiters) wake();
    sendJson(response, 202, { ConnectorId: connectorId });
  }

  /** The base URL: events go to `{url}/connector-event/{ConnectorId}`. */
  get url(): string {
    return this.#server?.url ?? '';
  }

  /** What sends a connector's SendConnectorEvent here: ours reads these (README "Devices"), others may map them. */
  get connectorSettings(): Readonly<Record<string, string>> {
    return { C2C_EVENTS_SINK: 'http', C2C_EVENTS_URL: this.url };
  }

  /** The first event, received or to come within `timeoutMs`, that `matches`; undefined when none came. */
  waitFor(matches: (event: ReceivedEvent) => boolean, timeoutMs: number): Promise<ReceivedEvent | undefined> {
    const found = this.#events.find(matches);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve) => {
      const wake = () => {
        const event = this.#events.find(matches);
        if (event === undefined) return;
        finish(event);
      };
      const finish = (event: ReceivedEvent | undefined) => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve(event);
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      this.#waiters.add(wake);
    });
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    await server?.close();
  }
}
