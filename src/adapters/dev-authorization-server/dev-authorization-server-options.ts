import { randomBytes } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';

/** A person who can sign in at the development authorization server. */
export interface DevUser {
  /** The `sub` of every token issued to this user; also the userId the connector will report. */
  readonly accountId: string;
  readonly username: string;
  readonly password: string;
  readonly email: string;
  readonly name: string;
}

/** The one OAuth client registered at the development authorization server: the account-linking service. */
export interface DevClient {
  readonly clientId: string;
  /** May be sent with `client_secret_basic` or `client_secret_post`; the server accepts both. */
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
}

/**
 * `jwt`: access tokens are RS256 JWTs whose `aud` is `resource` (for the connector's `jwt` identity source);
 * userinfo does not accept them. `opaque`: access tokens are random strings that userinfo and introspection
 * accept (for the `userinfo` identity source).
 */
export type DevAccessTokenFormat = 'jwt' | 'opaque';

/**
 * `always`: a refresh token for every client allowed the refresh_token grant, as most providers do.
 * `offline-access`: OpenID Connect's rule, oidc-provider's default: only when `offline_access` is granted,
 * which OIDC Core §11 grants only with `prompt=consent`.
 */
export type DevRefreshTokenPolicy = 'always' | 'offline-access';

export interface DevAuthorizationServerOptions {
  /** Address to listen on; also the issuer's host. Default `127.0.0.1`. */
  readonly host?: string;
  /** Port to listen on; `0` picks a free one. Default `0`. */
  readonly port?: number;
  /**
   * Default: client id `c2c-account-linking`, a random secret generated per instance, and the redirect URIs
   * `http://127.0.0.1:8080/oauth/callback` and `http://localhost:8080/oauth/callback`.
   */
  readonly client?: Partial<DevClient>;
  /** Resource indicator and `aud` of JWT access tokens: the connector's audience. Default `urn:c2c:connector`. */
  readonly resource?: string;
  /** Scopes the client may request. Default `openid profile email offline_access`. */
  readonly scope?: string;
  /** Who can sign in. Default: one user, `demo` / `demo-password`, account id `demo-user-1`. */
  readonly users?: readonly DevUser[];
  /** Default `jwt`. */
  readonly accessTokenFormat?: DevAccessTokenFormat;
  /** Lifetime of access tokens in seconds. Default 3600. */
  readonly accessTokenTtlS?: number;
  /** Lifetime of refresh tokens in seconds. Default 14 days. */
  readonly refreshTokenTtlS?: number;
  /**
   * Every refresh_token grant answers a new refresh token and consumes the old one; presenting a consumed
   * one again revokes the whole grant (OAuth 2.0 Security BCP §4.14). Default false: oidc-provider's own
   * rule (rotate once 70% of the refresh token's lifetime has passed).
   */
  readonly rotateRefreshTokens?: boolean;
  /** Private RS256 signing keys as JWKs (the first signs). Default: one 2048-bit key generated at start. */
  readonly signingKeys?: readonly JsonWebKey[];
  /** Default `always`. */
  readonly refreshTokens?: DevRefreshTokenPolicy;
  /**
   * Refuse an authorization request whose scope holds `openid` but that carries no `nonce` (redirecting with
   * `error=invalid_request`), as glewlwyd does. Default false: OIDC requires it only outside the code flow.
   */
  readonly requireNonce?: boolean;
  /** Where the "sign-in expired" page links to start again (the sandbox: the customer application's `/app`). Default: no link. */
  readonly startAgainUrl?: string;
}

export const DEFAULT_DEV_RESOURCE = 'urn:c2c:connector';
export const DEFAULT_DEV_SCOPE = 'openid profile email offline_access';
export const DEFAULT_DEV_CLIENT_ID = 'c2c-account-linking';
export const DEFAULT_DEV_REDIRECT_URIS: readonly string[] = [
  'http://127.0.0.1:8080/oauth/callback',
  'http://localhost:8080/oauth/callback',
];
export const DEFAULT_DEV_USER: DevUser = Object.freeze({
  accountId: 'demo-user-1',
  username: 'demo',
  password: 'demo-password',
  email: 'demo@example.com',
  name: 'Demo User',
});

export interface ResolvedDevAuthorizationServerOptions {
  readonly host: string;
  readonly port: number;
  readonly client: DevClient;
  readonly resource: string;
  readonly scope: string;
  readonly users: readonly DevUser[];
  readonly accessTokenFormat: DevAccessTokenFormat;
  readonly accessTokenTtlS: number;
  readonly refreshTokenTtlS: number;
  readonly rotateRefreshTokens: boolean;
  readonly signingKeys: readonly JsonWebKey[] | undefined;
  readonly refreshTokens: DevRefreshTokenPolicy;
  readonly requireNonce: boolean;
  readonly startAgainUrl: string | undefined;
}

export function resolveDevAuthorizationServerOptions(
  options: DevAuthorizationServerOptions,
): ResolvedDevAuthorizationServerOptions {
  const users = options.users ?? [DEFAULT_DEV_USER];
  if (users.length === 0) throw new Error('The development authorization server needs at least one user.');
  if (new Set(users.map((user) => user.username)).size !== users.length) {
    throw new Error('The development authorization server\'s users must have distinct usernames.');
  }
  const scope = options.scope ?? DEFAULT_DEV_SCOPE;
  if (!scope.split(' ').includes('openid')) {
    throw new Error('The development authorization server\'s scope must include "openid".');
  }
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    client: {
      clientId: options.client?.clientId ?? DEFAULT_DEV_CLIENT_ID,
      clientSecret: options.client?.clientSecret ?? randomBytes(24).toString('base64url'),
      redirectUris: [...(options.client?.redirectUris ?? DEFAULT_DEV_REDIRECT_URIS)],
    },
    resource: options.resource ?? DEFAULT_DEV_RESOURCE,
    scope,
    users: [...users],
    accessTokenFormat: options.accessTokenFormat ?? 'jwt',
    accessTokenTtlS: positiveInteger(options.accessTokenTtlS ?? 3600, 'accessTokenTtlS'),
    refreshTokenTtlS: positiveInteger(options.refreshTokenTtlS ?? 14 * 24 * 3600, 'refreshTokenTtlS'),
    rotateRefreshTokens: options.rotateRefreshTokens ?? false,
    signingKeys: options.signingKeys,
    refreshTokens: options.refreshTokens ?? 'always',
    requireNonce: options.requireNonce ?? false,
    startAgainUrl: options.startAgainUrl,
  };
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number of seconds.`);
  return value;
}
