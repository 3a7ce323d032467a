import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevAuthorizationServer } from '#adapters/dev-authorization-server/dev-authorization-server.js';
import type { Container } from 'inversify';
import type { DevAccessTokenFormat, DevAuthorizationServerOptions } from '#adapters/dev-authorization-server/dev-authorization-server-options.js';
import type { AccountLinkRepository } from '#application/ports/account-link-repository.js';
import type { FastifyServer } from '#adapters/http/fastify-server.js';
import type { BuiltInIdentitySourceName } from '#main/config/built-in-identity-sources.js';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector, type Connector } from '#main/create-connector.js';
import { freePort } from '#main/sandbox/free-port.js';
import { TOKENS } from '#main/tokens.js';

export const OAUTH_REDIRECT_URL = 'http://127.0.0.1:9/linked?from=test';

/** The whole workflow on loopback: a real authorization server, and our service with its embedded store. */
export interface LinkingWorld {
  readonly authorizationServer: DevAuthorizationServer;
  readonly baseUrl: string;
  /** The linking service's container, to resolve what no route exposes (`TOKENS.EnsureFreshAccessToken`, say). */
  readonly container: Container;
  /** The embedded store's folder. */
  readonly dataDir: string;
  /** The service's own link store (decrypted, as the use cases see it). */
  readonly links: AccountLinkRepository;
  stop(): Promise<void>;
}

export interface LinkingWorldOptions {
  /** How the connector learns who the token's owner is; `jwt` makes the server issue JWT access tokens. */
  readonly identitySource: BuiltInIdentitySourceName;
  readonly tokenAuthScheme?: 'HTTP_BASIC' | 'REQUEST_BODY_CREDENTIALS';
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Run the connector as its own service (`POST /connector` on another port, knowing only the identity
   * source) and have the linking flow call it over HTTP (`C2C_CONNECTOR_URL`), as it would a remote one.
   */
  readonly remoteConnector?: boolean;
  /** Log at the default level, as a deployment does (the benchmark), instead of not at all. */
  readonly logAsDeployed?: boolean;
  /** How the authorization server behaves, beyond the token format and client the world sets. */
  readonly authorizationServerOptions?: Pick<
    DevAuthorizationServerOptions,
    'refreshTokens' | 'requireNonce' | 'signingKeys' | 'accessTokenTtlS' | 'rotateRefreshTokens'
  >;
  /**
   * The connector also handles AWS.DiscoverDevices and AWS.SendCommand against the authorization server's
   * device API, and sends its events to the service's own SendConnectorEvent, as in the sandbox.
   */
  readonly devices?: boolean;
  /** Further variables that depend on the running authorization server (a proxy in front of its token endpoint, say). */
  readonly envFor?: (server: DevAuthorizationServer) => Readonly<Record<string, string>>;
}

/** A connector alone, the way a team would run one apart from the linking service. */
async function startRemoteConnector(env: Readonly<Record<string, string>>): Promise<FastifyServer> {
  const connector = await createConnector(loadConfig({ LOG_LEVEL: 'silent', ...env, PORT: '0' })).server();
  await connector.listen();
  return connector;
}

export async function startLinkingWorld(options: LinkingWorldOptions): Promise<LinkingWorld> {
  const port = await freePort('127.0.0.1');
  const callbackUrl = `http://127.0.0.1:${port}/oauth/callback`;
  const accessTokenFormat: DevAccessTokenFormat = options.identitySource === 'jwt' ? 'jwt' : 'opaque';
  const authorizationServer = new DevAuthorizationServer({
    ...options.authorizationServerOptions,
    accessTokenFormat,
    client: { redirectUris: [callbackUrl] },
  });
  await authorizationServer.start();
  const identityEnv: Record<string, Record<string, string>> = {
    jwt: {
      C2C_JWKS_URI: authorizationServer.jwksUri,
      C2C_JWT_ISSUER: authorizationServer.issuer,
      C2C_JWT_AUDIENCE: authorizationServer.resource,
    },
    userinfo: { C2C_USERINFO_URL: authorizationServer.userinfoUrl },
    introspection: { C2C_INTROSPECTION_URL: authorizationServer.introspectionUrl },
  };
  const deviceEnv: Record<string, string> =
    options.devices === true ? { C2C_DEVICE_API_URL: authorizationServer.deviceApiUrl, C2C_EVENTS_URL: `http://127.0.0.1:${port}` } : {};
  const remote =
    options.remoteConnector === true ? await startRemoteConnector({ ...identityEnv[options.identitySource], ...deviceEnv }) : undefined;
  const remoteEnv: Record<string, string> =
    remote === undefined ? {} : { C2C_CONNECTOR_URL: `${urlOf(remote)}/connector` };
  const dataDir = mkdtempSync(join(tmpdir(), 'c2c-linking-'));
  const config = loadConfig({
    ...(options.logAsDeployed === true ? {} : { LOG_LEVEL: 'silent' }),
    // With a remote connector the linking service knows no identity source: only the remote can activate.
    ...(remote === undefined ? { ...identityEnv[options.identitySource], ...deviceEnv } : remoteEnv),
    PORT: String(port),
    C2C_AUTHORIZATION_URL: authorizationServer.authorizationUrl,
    C2C_TOKEN_URL: authorizationServer.tokenUrl,
    C2C_REVOCATION_URL: authorizationServer.revocationUrl,
    C2C_CLIENT_ID: authorizationServer.client.clientId,
    C2C_CLIENT_SECRET: authorizationServer.client.clientSecret,
    C2C_SCOPE: 'openid offline_access',
    C2C_TOKEN_AUTH_SCHEME: options.tokenAuthScheme ?? 'HTTP_BASIC',
    C2C_CALLBACK_URL: callbackUrl,
    C2C_OAUTH_REDIRECT_URL: OAUTH_REDIRECT_URL,
    C2C_DATA_DIR: dataDir,
    ...options.env,
    ...options.envFor?.(authorizationServer),
  });
  if (config.linking === undefined) throw new Error('linking is not configured');
  let service: Connector | undefined;
  try {
    const started = createConnector(config);
    service = started;
    const baseUrl = await started.listen();
    return {
      authorizationServer,
      baseUrl,
      container: started.container,
      dataDir,
      links: started.container.get<AccountLinkRepository>(TOKENS.AccountLinkRepository),
      stop: async () => {
        await started.close();
        await remote?.close();
        await authorizationServer.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await service?.close();
    await remote?.close();
    await authorizationServer.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

function urlOf(server: FastifyServer): string {
  const address = server.app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the connector is not listening');
  return `http://127.0.0.1:${address.port}`;
}

