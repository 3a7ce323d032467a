import { DevAuthorizationServer } from '../../adapters/dev-authorization-server/dev-authorization-server.js';
import type { DevUser } from '../../adapters/dev-authorization-server/dev-authorization-server-options.js';
import { CUSTOMER_APP_LINKED_PATH, CUSTOMER_APP_START_PATH } from '../../adapters/http/customer-app-pages.js';
import { ConfigurationError } from '../config/configuration-error.js';
import { EnvReader, type Env } from '../config/env-reader.js';
import { loadConfig } from '../config/load-config.js';
import { createConnector, type Connector } from '../create-connector.js';
import { freePort } from './free-port.js';

/** The sandbox binds loopback only: its authorization server hands out a published demo password. */
const SANDBOX_HOST = '127.0.0.1';
const CALLBACK_PATH = '/oauth/callback';

export interface RunningSandbox {
  /** The customer application's start page: what a person opens. */
  readonly appUrl: string;
  /** The linking service (and connector) base URL. */
  readonly serviceUrl: string;
  /** The embedded authorization server's issuer. */
  readonly issuer: string;
  /** Who can sign in at the embedded authorization server. */
  readonly users: readonly DevUser[];
  /** Where account links are kept, for people: a folder or an endpoint, and the table. */
  readonly storage: string;
  stop(): Promise<void>;
}

/**
 * Runs the whole account-linking workflow in this process: the development authorization server (JWT access
 * tokens for the connector's audience), and the service configured against it exactly as a deployment
 * against a real issuer would be, through the same environment variables, `loadConfig` and `createConnector`,
 * plus the example customer application. The embedded platform's device API (a lamp and a thermostat per
 * user) backs AWS.DiscoverDevices and AWS.SendCommand; its access tokens live `C2C_SANDBOX_ACCESS_TOKEN_TTL_S`
 * (5 minutes by default), so that they are refreshed while a person plays; its grants and refresh tokens live
 * `C2C_SANDBOX_REFRESH_TOKEN_TTL_S` (14 days by default; a few seconds to rehearse REFRESH_TOKEN_EXPIRED).
 * @throws ConfigurationError when PORT is wrong or taken, or a storage variable is wrong.
 */
export async function startSandbox(env: Env): Promise<RunningSandbox> {
  const read = new EnvReader(env);
  const requestedPort = read.integer('PORT', 8080, 0, 65_535);
  const tokenLifetimes = {
    accessTokenTtlS: read.integer('C2C_SANDBOX_ACCESS_TOKEN_TTL_S', 300, 10, 86_400),
    refreshTokenTtlS: read.integer('C2C_SANDBOX_REFRESH_TOKEN_TTL_S', 14 * 86_400, 10, 365 * 86_400),
  };
  read.done();
  const port = requestedPort === 0 ? await freePort(SANDBOX_HOST) : requestedPort;
  const origin = `http://${SANDBOX_HOST}:${port}`;
  const callbackUrl = `${origin}${CALLBACK_PATH}`;

  const authorizationServer = await startAuthorizationServer(
    { callbackUrl, startAgainUrl: `${origin}${CUSTOMER_APP_START_PATH}` },
    requestedPort === 0 || port === 65_535 ? 0 : port + 1,
    tokenLifetimes,
  );
  let connector: Connector | undefined;
  try {
    const config = loadConfig({
      ...env,
      HOST: SANDBOX_HOST,
      PORT: String(port),
      C2C_JWKS_URI: authorizationServer.jwksUri,
      C2C_JWT_ISSUER: authorizationServer.issuer,
      C2C_JWT_AUDIENCE: authorizationServer.resource,
      C2C_AUTHORIZATION_URL: authorizationServer.authorizationUrl,
      C2C_TOKEN_URL: authorizationServer.tokenUrl,
      C2C_CLIENT_ID: authorizationServer.client.clientId,
      C2C_CLIENT_SECRET: authorizationServer.client.clientSecret,
      C2C_OIDC_ISSUER: authorizationServer.issuer,
      C2C_CALLBACK_URL: callbackUrl,
      C2C_OAUTH_REDIRECT_URL: `${origin}${CUSTOMER_APP_LINKED_PATH}`,
      C2C_CUSTOMER_APP: 'true',
      C2C_DEVICE_API_URL: authorizationServer.deviceApiUrl,
      // The emulated managed-integrations side of this service takes the connector's events, unless told otherwise.
      C2C_EVENTS_SINK: 'http',
      C2C_EVENTS_URL: env['C2C_EVENTS_URL'] ?? origin,
    });
    if (config.linking === undefined) throw new Error('The sandbox configuration has no linking flow.');
    const running = createConnector(config);
    connector = running;
    const serviceUrl = await running.listen().catch((error: unknown) => {
      if (!isAddressInUse(error)) throw error;
      throw new ConfigurationError([{ variable: 'PORT', problem: `${port} is already in use on ${SANDBOX_HOST}: choose another port, or 0 for any` }]);
    });
    return {
      appUrl: `${serviceUrl}${CUSTOMER_APP_START_PATH}`,
      serviceUrl,
      issuer: authorizationServer.issuer,
      users: authorizationServer.users,
      storage: running.storeDescription() ?? '',
      stop: async () => {
        await running.close();
        await authorizationServer.stop();
      },
    };
  } catch (error) {
    await connector?.close();
    await authorizationServer.stop();
    throw error;
  }
}

/** Next to the service's port when that one is fixed, so the URLs are predictable; any free port otherwise. */
async function startAuthorizationServer(
  urls: { readonly callbackUrl: string; readonly startAgainUrl: string },
  preferredPort: number,
  tokenLifetimes: { readonly accessTokenTtlS: number; readonly refreshTokenTtlS: number },
): Promise<DevAuthorizationServer> {
  const create = (port: number) =>
    new DevAuthorizationServer({
      host: SANDBOX_HOST,
      port,
      accessTokenFormat: 'jwt',
      ...tokenLifetimes,
      client: { redirectUris: [urls.callbackUrl] },
      startAgainUrl: urls.startAgainUrl,
    });
  const preferred = create(preferredPort);
  try {
    await preferred.start();
    return preferred;
  } catch (error) {
    if (preferredPort === 0 || !isAddressInUse(error)) throw error;
    const anywhere = create(0);
    await anywhere.start();
    return anywhere;
  }
}

function isAddressInUse(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EADDRINUSE';
}
