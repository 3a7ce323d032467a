import { setTimeout as sleep } from 'node:timers/promises';
import type { JSONWebKeySet } from 'jose';
import { sendJson, startLoopbackServer, type LoopbackServer } from './loopback-server.js';

/** How the key set endpoint answers: the current key set, never, HTTP 500, HTTP 404, text that is not JSON. */
export type JwksBehaviour = 'serve' | 'hang' | 'fail' | 'not-found' | 'not-json';

/** A loopback JSON Web Key Set endpoint whose keys and behaviour a test changes as it goes. */
export class JwksServer {
  keySet: JSONWebKeySet;
  behaviour: JwksBehaviour = 'serve';
  /** How long each answer waits before it is sent. */
  delayMs = 0;

  private constructor(
    keySet: JSONWebKeySet,
    private readonly server: LoopbackServer,
  ) {
    this.keySet = keySet;
  }

  static async start(keySet: JSONWebKeySet): Promise<JwksServer> {
    let self: JwksServer | undefined;
    const server = await startLoopbackServer(async (_request, response) => {
      if (self !== undefined && self.delayMs > 0) await sleep(self.delayMs);
      switch (self?.behaviour) {
        case 'serve':
          return sendJson(response, 200, self.keySet);
        case 'fail':
          return sendJson(response, 500, { error: 'server_error' });
        case 'not-found':
          return sendJson(response, 404, { error: 'not_found' });
        case 'not-json':
          response.writeHead(200, { 'content-type': 'text/html' });
          return void response.end('<html>maintenance</html>');
        case 'hang':
        case undefined:
          return undefined;
      }
    });
    self = new JwksServer(keySet, server);
    return self;
  }

  get uri(): string {
    return `${this.server.url}/.well-known/jwks.json`;
  }

  get requestCount(): number {
    return this.server.requests.length;
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
