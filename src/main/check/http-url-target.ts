import { request } from 'node:http';
import { request as secureRequest } from 'node:https';
import { eventText, parseJson, type ConnectorTarget, type Invocation, type InvocationOutcome } from './connector-target.js';

/**
 * A connector behind an HTTP URL (`POST`, the envelope as body, the envelope as answer). Both forms of an
 * event are the same body here: over HTTP the envelope always travels as JSON text.
 */
export class HttpUrlTarget implements ConnectorTarget {
  readonly description: string;
  readonly #url: URL;

  constructor(url: string) {
    this.#url = new URL(url);
    this.description = `HTTP connector ${this.#url.href}`;
  }

  async ready(): Promise<void> {}

  invoke(invocation: Invocation, budgetMs: number): Promise<InvocationOutcome> {
    const body = eventText(invocation);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    return new Promise((resolve) => {
      const send = this.#url.protocol === 'https:' ? secureRequest : request;
      const outgoing = send(this.#url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        agent: false,
      });
      const timer = setTimeout(() => {
        outgoing.destroy();
        resolve({ kind: 'timed-out', ms: elapsed() });
      }, budgetMs);
      outgoing.on('error', (error) => {
        clearTimeout(timer);
        resolve({ kind: 'crashed', ms: elapsed(), reason: `no HTTP answer (${'code' in error ? String(error.code) : error.message})` });
      });
      outgoing.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', () => undefined);
        response.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ kind: 'answered', ms: elapsed(), text, body: parseJson(text), httpStatus: response.statusCode ?? 0 });
        });
      });
      outgoing.end(body);
    });
  }

  async close(): Promise<void> {}
}
