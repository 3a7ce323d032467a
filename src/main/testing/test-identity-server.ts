import type { JSONWebKeySet } from 'jose';
import { sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest } from './loopback-server.js';

/**
 * An in-process identity provider for tests, on 127.0.0.1: a JSON Web Key Set at `jwksUri` and a
 * bearer-protected profile endpoint at `userinfoUrl` that answers the profile granted to each token
 * (401 for any other token).
 */
export class TestIdentityServer {
  /** The key set served at `jwksUri`; replace it to rotate keys. */
  keySet: JSONWebKeySet;
  readonly #profiles = new Map<string, Record<string, unknown>>();

  private constructor(
    keySet: JSONWebKeySet,
    private readonly server: LoopbackServer,
  ) {
    this.keySet = keySet;
  }

  static async start(options: { readonly keySet?: JSONWebKeySet } = {}): Promise<TestIdentityServer> {
    let self: TestIdentityServer | undefined;
    const server = await startLoopbackServer((request, response) => {
      if (self === undefined) return sendJson(response, 503, { error: 'temporarily_unavailable' });
      const path = new URL(request.url, 'http://127.0.0.1').pathname;
      if (path === '/.well-known/jwks.json') return sendJson(response, 200, self.keySet);
      if (path === '/userinfo') {
        const profile = self.#profileFor(request);
        return profile === undefined ? sendJson(response, 401, { error: 'invalid_token' }) : sendJson(response, 200, profile);
      }
      return sendJson(response, 404, { error: 'not_found' });
    });
    self = new TestIdentityServer(options.keySet ?? { keys: [] }, server);
    return self;
  }

  /** From now on, userinfo answers `profile` to a request bearing `token`. */
  grant(token: string, profile: Record<string, unknown>): void {
    this.#profiles.set(token, profile);
  }

  /** From now on, userinfo rejects `token`, as after a revocation. */
  revoke(token: string): void {
    this.#profiles.delete(token);
  }

  get url(): string {
    return this.server.url;
  }

  get jwksUri(): string {
    return `${this.server.url}/.well-known/jwks.json`;
  }

  get userinfoUrl(): string {
    return `${this.server.url}/userinfo`;
  }

  /** Every request received so far, in order. */
  get requests(): readonly RecordedRequest[] {
    return this.server.requests;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  #profileFor(request: RecordedRequest): Record<string, unknown> | undefined {
    const authorization = request.headers['authorization'];
    if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) return undefined;
    return this.#profiles.get(authorization.slice('Bearer '.length));
  }
}
