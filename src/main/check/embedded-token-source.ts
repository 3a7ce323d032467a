import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import { DevAuthorizationServer } from '../../adapters/dev-authorization-server/dev-authorization-server.js';
import type { DevUser } from '../../adapters/dev-authorization-server/dev-authorization-server-options.js';
import type { SlowUpstream, TokenSource } from './token-source.js';

const HOST = '127.0.0.1';
/** Longer than the whole invocation budget: a connector that waits for its upstream cannot answer in time. */
const SLOW_UPSTREAM_DELAY_MS = 2500;
const REDIRECT_URI = 'http://127.0.0.1:9/c2c-check/callback';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

function checkUser(index: number): DevUser {
  return {
    accountId: `check-user-${index}`,
    username: `check-${index}`,
    password: randomBytes(18).toString('base64url'),
    email: `check-${index}@example.com`,
    name: `Check User ${index}`,
  };
}

/**
 * The embedded authorization server (oidc-provider, the sandbox's) as the checker's token source: valid
 * tokens come from a real authorization-code flow with PKCE, signed in as one of two users. Its key set and
 * userinfo are served to the connector through a loopback proxy of the checker's, which adds the public key
 * of the checker's own samples (an expired token with the issuer's claims) and can slow every answer down.
 */
export class EmbeddedTokenSource implements TokenSource {
  readonly description = 'the embedded authorization server (oidc-provider)';
  readonly hasSecondUser = true;
  readonly #server: DevAuthorizationServer;
  readonly #users: readonly [DevUser, DevUser];
  readonly #sessions = new Map<string, CookieJar>();
  #proxy: Server | undefined;
  #proxyUrl = '';
  #sampleKey: SigningKey | undefined;
  #unpublishedKey: SigningKey | undefined;
  #slowKey: SigningKey | undefined;
  #template: JWTPayload | undefined;

  private constructor() {
    this.#users = [checkUser(1), checkUser(2)];
    this.#server = new DevAuthorizationServer({ host: HOST, port: 0, accessTokenFormat: 'jwt', users: this.#users, client: { redirectUris: [REDIRECT_URI] } });
  }

  static async start(): Promise<EmbeddedTokenSource> {
    const source = new EmbeddedTokenSource();
    try {
      await source.#start();
      return source;
    } catch (error) {
      await source.close();
      throw error;
    }
  }

  get connectorSettings(): Readonly<Record<string, string>> {
    return {
      C2C_JWT_ISSUER: this.#server.issuer,
      C2C_JWT_AUDIENCE: this.#server.resource,
      C2C_JWKS_URI: `${this.#proxyUrl}/jwks`,
      C2C_USERINFO_URL: `${this.#proxyUrl}/userinfo`,
      // The sandbox platform's device API, beside the server and trusting its tokens: DiscoverDevices and
      // SendCommand reach real devices of the signed-in user.
      C2C_DEVICE_API_URL: this.#server.deviceApiUrl,
    };
  }

  get slowUpstream(): SlowUpstream {
    return {
      delayMs: SLOW_UPSTREAM_DELAY_MS,
      begin: async () => {
        const key = await signingKey(`c2c-check-rotated-${randomUUID()}`);
        this.#slowKey = key;
        return this.#sign(key, key.kid, {});
      },
      end: () => {
        this.#slowKey = undefined;
      },
    };
  }

  async validToken(user: 'first' | 'second'): Promise<string> {
    const person = user === 'first' ? this.#users[0] : this.#users[1];
    let jar = this.#sessions.get(person.username);
    if (jar === undefined) {
      jar = new CookieJar();
      this.#sessions.set(person.username, jar);
    }
    const token = await signIn(this.#server, person, jar);
    this.#template ??= claimsOf(token);
    return token;
  }

  async invalidToken(): Promise<string> {
    // The published sample key's kid, another key's signature: what a forged or corrupted token looks like.
    const published = this.#sampleKey;
    const forger = this.#unpublishedKey;
    if (published === undefined || forger === undefined) throw new Error('The token source is not started.');
    return this.#sign(forger, published.kid, {});
  }

  async expiredToken(): Promise<string> {
    const key = this.#sampleKey;
    if (key === undefined) throw new Error('The token source is not started.');
    const now = Math.floor(Date.now() / 1000);
    return this.#sign(key, key.kid, { iat: now - 7200, exp: now - 3600 });
  }

  async close(): Promise<void> {
    const proxy = this.#proxy;
    this.#proxy = undefined;
    if (proxy !== undefined) {
      await new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        proxy.closeAllConnections();
      });
    }
    await this.#server.stop();
  }

  async #start(): Promise<void> {
    [this.#sampleKey, this.#unpublishedKey] = await Promise.all([signingKey(`c2c-check-${randomUUID()}`), signingKey(`c2c-check-${randomUUID()}`)]);
    await this.#server.start();
    const proxy = createServer((incoming, outgoing) => {
      this.#serve(incoming, outgoing).catch(() => {
        if (!outgoing.headersSent) outgoing.writeHead(502).end();
        else outgoing.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      proxy.once('error', reject);
      proxy.listen(0, HOST, () => resolve());
    });
    this.#proxy = proxy;
    this.#proxyUrl = `http://${HOST}:${(proxy.address() as AddressInfo).port}`;
  }

  async #serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const path = new URL(incoming.url ?? '/', 'http://localhost').pathname;
    const slow = this.#slowKey !== undefined;
    if (slow) await new Promise((resolve) => setTimeout(resolve, SLOW_UPSTREAM_DELAY_MS));
    if (path === '/jwks') {
      const upstream = await forward(this.#server.jwksUri, 'GET', {});
      const keys = (JSON.parse(upstream.body) as { keys: JWK[] }).keys;
      const extra = [this.#sampleKey, ...(this.#slowKey === undefined ? [] : [this.#slowKey])].flatMap((key) => (key === undefined ? [] : [key.publicJwk]));
      const body = JSON.stringify({ keys: [...keys, ...extra] });
      outgoing.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      return;
    }
    if (path === '/userinfo') {
      const authorization = incoming.headers.authorization;
      const upstream = await forward(this.#server.userinfoUrl, incoming.method ?? 'GET', authorization === undefined ? {} : { authorization });
      const headers: Record<string, string> = { 'content-type': upstream.contentType };
      if (upstream.wwwAuthenticate !== undefined) headers['www-authenticate'] = upstream.wwwAuthenticate;
      outgoing.writeHead(upstream.status, headers).end(upstream.body);
      return;
    }
    outgoing.writeHead(404).end();
  }

  /** The claims of a real token of the first user, re-signed: the samples differ from real tokens only where they must. */
  async #sign(key: SigningKey, kid: string, overrides: JWTPayload): Promise<string> {
    const template = this.#template ?? claimsOf(await this.validToken('first'));
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...template, iat: now, exp: now + 600, jti: randomUUID(), ...overrides })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid })
      .sign(key.privateKey);
  }
}

function claimsOf(token: string): JWTPayload {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JWTPayload;
}

interface Forwarded {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  readonly wwwAuthenticate: string | undefined;
}

function forward(url: string, method: string, headers: Record<string, string>): Promise<Forwarded> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 502,
          body: Buffer.concat(chunks).toString('utf8'),
          contentType: response.headers['content-type'] ?? 'application/json',
          wwwAuthenticate: response.headers['www-authenticate'],
        }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** One browser's cookies at the authorization server (one origin; names are unique there). */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const equals = pair.indexOf('=');
      if (equals <= 0) continue;
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
}

/** What a person does at the development server's pages: sign in, allow, and the code exchanged with PKCE. */
async function signIn(server: DevAuthorizationServer, user: DevUser, jar: CookieJar): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const authorization = new URL(server.authorizationUrl);
  authorization.search = new URLSearchParams({
    client_id: server.client.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'openid',
    state: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();

  const send = async (url: URL, form?: Record<string, string>): Promise<Response> => {
    const response = await fetch(url, {
      method: form === undefined ? 'GET' : 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(form === undefined ? {} : { body: new URLSearchParams(form).toString() }),
    });
    jar.store(response);
    return response;
  };

  let response = await send(authorization);
  for (let step = 0; step < 20; step += 1) {
    const location = response.headers.get('location');
    if (location !== null) {
      await response.body?.cancel();
      const next = new URL(location, response.url === '' ? authorization : response.url);
      if (next.href.startsWith(REDIRECT_URI)) return exchange(server, next, verifier);
      response = await send(next);
      continue;
    }
    const page = await response.text();
    const interaction = /action="(\/interaction\/[^"/]+)\/(login|consent)"/.exec(page);
    if (response.status !== 200 || interaction === null) {
      throw new Error(`The embedded authorization server answered HTTP ${response.status} during sign-in.`);
    }
    const [, path = '', prompt] = interaction;
    const action = new URL(`${path}/${prompt}`, server.issuer);
    response = await send(action, prompt === 'login' ? { username: user.username, password: user.password } : { decision: 'allow' });
  }
  throw new Error('The sign-in at the embedded authorization server did not end.');
}

async function exchange(server: DevAuthorizationServer, redirect: URL, verifier: string): Promise<string> {
  const code = redirect.searchParams.get('code');
  if (code === null) throw new Error(`The embedded authorization server refused the sign-in (${redirect.searchParams.get('error') ?? 'no code'}).`);
  const response = await fetch(server.tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(server.client.clientId)}:${encodeURIComponent(server.client.clientSecret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }).toString(),
  });
  const answer = (await response.json()) as { access_token?: unknown };
  if (response.status !== 200 || typeof answer.access_token !== 'string') {
    throw new Error(`The embedded authorization server's token endpoint answered HTTP ${response.status}.`);
  }
  return answer.access_token;
}
