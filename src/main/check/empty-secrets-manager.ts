import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The AWS SDK's standard variable for the Secrets Manager endpoint: connectors built on the SDK honour it. */
export const SECRETS_MANAGER_ENDPOINT_SETTING = 'AWS_ENDPOINT_URL_SECRETS_MANAGER';

/**
 * A Secrets Manager endpoint that holds no secret: every `GetSecretValue` is answered
 * `ResourceNotFoundException`, as the real service answers a reference to a secret that does not exist. The
 * general-authorization check needs a definite answer from it, not the network failure of an unreachable AWS.
 */
export class EmptySecretsManager {
  #server: Server | undefined;
  #url = '';

  static async start(): Promise<EmptySecretsManager> {
    const double = new EmptySecretsManager();
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const body = JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'c2c-check', 'content-length': Buffer.byteLength(body) });
        response.end(body);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    double.#server = server;
    double.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return double;
  }

  get url(): string {
    return this.#url;
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
