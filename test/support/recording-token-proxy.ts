import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface IssuedPair {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
}

/**
 * A pass-through in front of a real token endpoint, on 127.0.0.1: every request goes on unchanged and every
 * answer comes back unchanged, and the tokens in the answers are kept for the test (the linking service never
 * shows the tokens it obtained, so that a test can check at the server what became of them). `hold()` keeps
 * the next answers back until `release()`, to race something against a code exchange.
 */
export class RecordingTokenProxy {
  readonly issued: IssuedPair[] = [];
  #server: Server | undefined;
  #held: Promise<void> | undefined;
  #release: (() => void) | undefined;
  #arrived: (() => void)[] = [];

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    const server = createServer((incoming, outgoing) => {
      void this.#forward(incoming).then(async ({ status, headers, body }) => {
        this.#arrived.splice(0).forEach((notify) => notify());
        await this.#held;
        this.#record(body);
        outgoing.writeHead(status, headers).end(body);
      }, () => outgoing.writeHead(502).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  }

  /** Answers are held from now on; resolves once the next exchange has been answered by the server (and is held). */
  hold(): Promise<void> {
    this.#held = new Promise((resolve) => (this.#release = resolve));
    return new Promise((resolve) => this.#arrived.push(resolve));
  }

  release(): void {
    this.#release?.();
    this.#held = undefined;
  }

  async stop(): Promise<void> {
    this.release();
    const server = this.#server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #record(body: Buffer): void {
    try {
      const answer = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      if (typeof answer['access_token'] === 'string') {
        const refreshToken = answer['refresh_token'];
        this.issued.push({ accessToken: answer['access_token'], refreshToken: typeof refreshToken === 'string' ? refreshToken : undefined });
      }
    } catch {
      // Not a token answer: nothing to keep.
    }
  }

  #forward(incoming: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const target = new URL(this.target);
        const headers = { ...incoming.headers, host: target.host };
        const outgoing = httpRequest(target, { method: incoming.method, headers }, (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () =>
            resolve({
              status: answer.statusCode ?? 502,
              headers: { 'content-type': answer.headers['content-type'] ?? 'application/json', 'cache-control': 'no-store' },
              body: Buffer.concat(body),
            }),
          );
          answer.on('error', reject);
        });
        outgoing.on('error', reject);
        outgoing.end(Buffer.concat(chunks));
      });
      incoming.on('error', reject);
    });
  }
}
