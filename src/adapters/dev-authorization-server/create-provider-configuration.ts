import { randomBytes, type JsonWebKey } from 'node:crypto';
import type { Account, Configuration, JWK, KoaContextWithOIDC, ResourceServer } from 'oidc-provider';
import type { ResolvedDevAuthorizationServerOptions } from './dev-authorization-server-options.js';
import type { DevUserDirectory } from './dev-user-directory.js';
import { createInMemoryOidcAdapter } from './in-memory-oidc-adapter.js';
import { INTERACTION_PAGE_CSP, renderErrorPage } from './interaction-pages.js';
import type { OidcProviderModule } from './load-oidc-provider.js';

export interface ProviderConfigurationInput {
  readonly options: ResolvedDevAuthorizationServerOptions;
  readonly users: DevUserDirectory;
  readonly signingKeys: readonly JsonWebKey[];
  readonly errors: OidcProviderModule['errors'];
}

/**
 * oidc-provider's configuration for the development server. Every default that oidc-provider flags as
 * "you SHOULD/MUST change" is set here, which is both the dev policy we want and what keeps it quiet.
 */
export function createProviderConfiguration({ options, users, signingKeys, errors }: ProviderConfigurationInput): Configuration {
  const { client, resource } = options;
  const sessionTtlS = 24 * 3600;
  return {
    adapter: createInMemoryOidcAdapter(),
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [...client.redirectUris],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        // oidc-provider accepts client_secret_post from a client registered for client_secret_basic too.
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: options.scope.split(' '),
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> {
      const user = users.findByAccountId(sub);
      if (user === undefined) return undefined;
      return {
        accountId: user.accountId,
        claims: () => ({
          sub: user.accountId,
          name: user.name,
          preferred_username: user.username,
          email: user.email,
          email_verified: true,
        }),
      };
    },
    // Without prompt=consent OIDC drops offline_access: `always` issues refresh tokens to any client allowed the
    // refresh_token grant instead, as most real providers do; `offline-access` keeps oidc-provider's rule.
    ...(options.refreshTokens === 'always'
      ? { issueRefreshToken: async (_ctx: KoaContextWithOIDC, registered: { grantTypeAllowed(type: string): boolean }) => registered.grantTypeAllowed('refresh_token') }
      : {}),
    ...(options.requireNonce ? { extraParams: { nonce: requireNonceWithOpenid(errors) } } : {}),
    expiresWithSession: async () => false,
    ...(options.rotateRefreshTokens ? { rotateRefreshToken: true } : {}),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: signingKeys.map(toProviderJwk) },
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: options.accessTokenTtlS,
      AuthorizationCode: 60,
      BackchannelAuthenticationRequest: 600,
      ClientCredentials: 600,
      DeviceCode: 600,
      Grant: options.refreshTokenTtlS,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: options.refreshTokenTtlS,
      Session: sessionTtlS,
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx, caller, token) => token.clientId === caller.clientId,
      },
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, caller, token) => token.clientId === caller.clientId,
      },
      resourceIndicators:
        options.accessTokenFormat === 'jwt'
          ? {
              enabled: true,
              // Without a resource, tokens are opaque; the linking flow sends none, so every token is for the connector.
              defaultResource: () => resource,
              useGrantedResource: () => true,
              getResourceServerInfo: (_ctx, indicator): ResourceServer => {
                if (indicator !== resource) throw new errors.InvalidTarget();
                return {
                  scope: options.scope,
                  audience: resource,
                  accessTokenTTL: options.accessTokenTtlS,
                  accessTokenFormat: 'jwt',
                  jwt: { sign: { alg: 'RS256' } },
                };
              },
            }
          : { enabled: false },
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.set('content-security-policy', INTERACTION_PAGE_CSP);
      ctx.body = renderErrorPage({
        title: 'Something went wrong',
        message: 'The authorization server refused this request: the details below say why.',
        details: Object.fromEntries(Object.entries(out).map(([name, value]) => [name, String(value)])),
      });
    },
  };
}

/** Checked once the client and redirect URI are known, so that the refusal is the redirect with `error`. */
function requireNonceWithOpenid(errors: OidcProviderModule['errors']) {
  return async (ctx: KoaContextWithOIDC, value: string | undefined): Promise<void> => {
    const scope = ctx.oidc.params?.['scope'];
    const openid = typeof scope === 'string' && scope.split(' ').includes('openid');
    if (openid && (value === undefined || value === '')) throw new errors.InvalidRequest('nonce required');
  };
}

function toProviderJwk(key: JsonWebKey): JWK {
  return { ...key, alg: typeof key.alg === 'string' ? key.alg : 'RS256', use: 'sig' };
}
