import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import { createProviderConfiguration } from './create-provider-configuration.js';
import {
  DEFAULT_DEV_USER,
  resolveDevAuthorizationServerOptions,
  type DevAccessTokenFormat,
  type DevAuthorizationServerOptions,
  type DevClient,
  type DevUser,
  type ResolvedDevAuthorizationServerOptions,
} from './dev-authorization-server-options.js';
import { DeviceApiRoutes, DEVICE_API_PATH } from './device-api-routes.js';
import { DevDeviceStore, type DevDevice } from './dev-device-store.js';
import { DevUserDirectory } from './dev-user-directory.js';
import { generateSigningKey } from './generate-signing-key.js';
import { INTERACTION_PAGE_CSP, renderErrorPage } from './interaction-pages.js';
import { InteractionRoutes } from './interaction-routes.js';
import { loadOidcProvider } from './load-oidc-provider.js';

interface Running {
  readonly server: Server;
  readonly provider: Provider;
}

/** The token endpoint's grants answered with tokens, by `grant_type`, and the grants each account holds. */
class GrantLedger {
  readonly #succeeded = new Map<string, number>();
  readonly #grantIdsByAccount = new Map<string, Set<string>>();

  record(grantType: string, accountId: string | undefined, grantId: string | undefined): void {
    this.#succeeded.set(grantType, (this.#succeeded.get(grantType) ?? 0) + 1);
    if (accountId === undefined || grantId === undefined) return;
    const grants = this.#grantIdsByAccount.get(accountId) ?? new Set<string>();
    grants.add(grantId);
    this.#grantIdsByAccount.set(accountId, grants);
  }

  count(grantType: string): number {
    return this.#succeeded.get(grantType) ?? 0;
  }

  takeGrantsOf(accountId: string): string[] {
    const grants = [...(this.#grantIdsByAccount.get(accountId) ?? [])];
    this.#grantIdsByAccount.delete(accountId);
    return grants;
  }
}

/**
 * A real OAuth 2.0 / OpenID Connect authorization server (oidc-provider) on a local port, with its own login
 * and consent pages: authorization code with PKCE S256, refresh tokens, JWT or opaque access tokens,
 * userinfo, JWKS, revocation and introspection; beside it, the platform's device API (`/api/devices`, a lamp
 * and a thermostat per user) protected by the access tokens it issues. For tests and the one-command sandbox; not for production
 * identities (users, clients, keys and tokens live in memory).
 */
export class DevAuthorizationServer {
  readonly #options: ResolvedDevAuthorizationServerOptions;
  readonly #users: DevUserDirectory;
  readonly #devices = new DevDeviceStore();
  readonly #grants = new GrantLedger();
  #running: Running | undefined;
  #starting: Promise<string> | undefined;

  constructor(options: DevAuthorizationServerOptions = {}) {
    this.#options = resolveDevAuthorizationServerOptions(options);
    this.#users = new DevUserDirectory(this.#options.users);
  }

  /** Starts listening and returns the issuer URL (`http://127.0.0.1:<port>` by default). */
  start(): Promise<string> {
    if (this.#running !== undefined) return Promise.resolve(this.#running.provider.issuer);
    this.#starting ??= this.#start().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  /** Stops listening and closes every open connection, kept-alive ones included. */
  async stop(): Promise<void> {
    await this.#starting?.catch(() => undefined);
    const running = this.#running;
    if (running === undefined) return;
    this.#running = undefined;
    await new Promise<void>((resolve, reject) => {
      running.server.close((error) => (error === undefined ? resolve() : reject(error)));
      running.server.closeAllConnections();
    });
  }

  get issuer(): string {
    return this.#provider().issuer;
  }

  get authorizationUrl(): string {
    return this.#provider().urlFor('authorization');
  }

  get tokenUrl(): string {
    return this.#provider().urlFor('token');
  }

  get userinfoUrl(): string {
    return this.#provider().urlFor('userinfo');
  }

  get jwksUri(): string {
    return this.#provider().urlFor('jwks');
  }

  get revocationUrl(): string {
    return this.#provider().urlFor('revocation');
  }

  get introspectionUrl(): string {
    return this.#provider().urlFor('introspection');
  }

  /** The device API's base URL (`C2C_DEVICE_API_URL`): `GET {url}/devices` and so on. */
  get deviceApiUrl(): string {
    return new URL(DEVICE_API_PATH, this.issuer).href;
  }

  /** The devices of one account as the device API would list them now. */
  devicesOf(accountId: string): readonly DevDevice[] {
    return this.#devices.devicesOf(accountId);
  }

  get discoveryUrl(): string {
    return new URL('/.well-known/openid-configuration', this.issuer).href;
  }

  /** The registered client, secret included: the linking service needs it to call the token endpoint. */
  get client(): DevClient {
    return this.#options.client;
  }

  /** Resource indicator and `aud` of JWT access tokens. */
  get resource(): string {
    return this.#options.resource;
  }

  get scope(): string {
    return this.#options.scope;
  }

  get users(): readonly DevUser[] {
    return this.#options.users;
  }

  get accessTokenFormat(): DevAccessTokenFormat {
    return this.#options.accessTokenFormat;
  }

  /** How many token requests of this `grant_type` (`authorization_code`, `refresh_token`) were answered with tokens. */
  grantsIssued(grantType: string): number {
    return this.#grants.count(grantType);
  }

  /**
   * Revokes every grant the account was given, with all its access and refresh tokens, as an administrator
   * (or the user, from the platform's own settings) would: the linking service's refresh token stops working.
   */
  async revokeGrantsOf(accountId: string): Promise<number> {
    const provider = this.#provider();
    const grantIds = this.#grants.takeGrantsOf(accountId);
    for (const grantId of grantIds) {
      await Promise.all([
        provider.AccessToken.revokeByGrantId(grantId),
        provider.RefreshToken.revokeByGrantId(grantId),
        provider.AuthorizationCode.revokeByGrantId(grantId),
      ]);
      await (await provider.Grant.find(grantId))?.destroy();
    }
    return grantIds.length;
  }

  async #start(): Promise<string> {
    const { Provider: OidcProvider, errors } = await loadOidcProvider();
    const signingKeys = this.#options.signingKeys ?? [await generateSigningKey()];

    let handle: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) =>
      sendServerError(response, 503);
    const server = createServer((request, response) => handle(request, response));
    await listen(server, this.#options.port, this.#options.host);
    const { port } = server.address() as AddressInfo;

    try {
      const provider = new OidcProvider(
        `http://${urlHost(this.#options.host)}:${port}`,
        createProviderConfiguration({ options: this.#options, users: this.#users, signingKeys, errors }),
      );
      provider.on('grant.success', (ctx: { oidc: { params?: Record<string, unknown>; entities: Record<string, unknown> } }) => {
        const grantType = ctx.oidc.params?.['grant_type'];
        const token = ctx.oidc.entities['AccessToken'] as { accountId?: string; grantId?: string } | undefined;
        if (typeof grantType === 'string') this.#grants.record(grantType, token?.accountId, token?.grantId);
      });
      const interactions = new InteractionRoutes(provider, this.#users, {
        // Only the built-in demo user's published password is named on the login page, never a configured user's.
        demoCredentials: this.#options.users.length === 1 && this.#options.users[0] === DEFAULT_DEV_USER ? DEFAULT_DEV_USER : undefined,
        startAgainUrl: this.#options.startAgainUrl,
      });
      const { accessTokenFormat, resource } = this.#options;
      const deviceApi = new DeviceApiRoutes({ provider, accessTokenFormat, resource, devices: this.#devices });
      const oidc = provider.callback();
      handle = (request, response) => {
        deviceApi
          .handle(request, response)
          .then(async (handled) => handled || (await interactions.handle(request, response)))
          .then((handled) => (handled ? undefined : oidc(request, response)))
          .catch((error: unknown) => {
            // Error names and messages from oidc-provider and our routes carry no token, code or secret.
            console.error('Development authorization server failed a request:', describe(error));
            sendServerError(response, 500);
          });
      };
      this.#running = { server, provider };
      return provider.issuer;
    } catch (error) {
      server.close();
      throw error;
    }
  }

  #provider(): Provider {
    if (this.#running === undefined) throw new Error('The development authorization server is not running: call start() first.');
    return this.#running.provider;
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown failure';
}

function sendServerError(response: ServerResponse, status: 500 | 503): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const html =
    status === 503
      ? renderErrorPage({ title: 'Starting up', message: 'The authorization server is starting: reload the page in a moment.' })
      : renderErrorPage({ title: 'Something went wrong', message: 'The authorization server failed to answer this request.', details: { status: String(status) } });
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': INTERACTION_PAGE_CSP,
  });
  response.end(html);
}
