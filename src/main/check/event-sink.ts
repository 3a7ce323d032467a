import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  #server: Server | undefined;
  #url = '';

  static async start(): Promise<EventSink> {
    const sink = new EventSink();
    const server = createServer((request, response) => {
      const match = ROUTE.exec(new URL(request.url ?? '/', 'http://localhost').pathname);
      if (request.method !== 'POST' || match === null) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"No such route."}');
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= BODY_LIMIT) chunks.push(chunk);
      });
      request.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        } catch {
          response.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"The body is not JSON."}');
          return;
        }
        const connectorId = decodeURIComponent(match[1] ?? '');
        sink.#events.push({ connectorId, body });
        for (const wake of sink.#waiters) wake();
        response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ ConnectorId: connectorId }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    sink.#server = server;
    sink.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return sink;
  }

  /** The base URL: events go to `{url}/connector-event/{ConnectorId}`. */
  get url(): string {
    return this.#url;
  }

  /** What sends a connector's SendConnectorEvent here: ours reads these (README "Devices"), others may map them. */
  get connectorSettings(): Readonly<Record<string, string>> {
    return { C2C_EVENTS_SINK: 'http', C2C_EVENTS_URL: this.#url };
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
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
