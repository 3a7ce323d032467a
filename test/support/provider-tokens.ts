import type { JWTPayload } from 'jose';
import type { TokenFactory } from '#main/testing/index.js';

/**
 * Object mothers for the tokens real providers issue: header and claims as their documentation and their tokens
 * show them (values invented, shapes kept). Sign one with the provider's TokenFactory through `signedAs`.
 */
export interface ProviderToken {
  /** Header parameters besides `alg` and `kid`; `typ: undefined` leaves `typ` out, as Okta and Cognito do. */
  readonly header: Readonly<Record<string, unknown>>;
  /** Every claim of the token: the factory's defaults (`iss`, `aud`, `sub`, ...) are all overridden. */
  readonly claims: JWTPayload;
}

/** A token of `shaped`'s header and claims, signed by the provider's key. */
export function signedAs(tokens: TokenFactory, shaped: ProviderToken): Promise<string> {
  return tokens.sign(shaped.claims, shaped.header);
}

function times(): { iat: number; exp: number; auth_time: number } {
  const now = Math.floor(Date.now() / 1000);
  return { iat: now, exp: now + 3600, auth_time: now - 30 };
}

/** The factory's default claims, all unset: a shaped token carries only the claims its provider puts in. */
const NO_DEFAULTS: JWTPayload = { iss: undefined, aud: undefined, sub: undefined, iat: undefined, exp: undefined };

function shaped(header: Record<string, unknown>, claims: JWTPayload, overrides: JWTPayload): ProviderToken {
  // JSON leaves `undefined` out: an override of undefined removes the claim.
  return { header, claims: { ...NO_DEFAULTS, ...claims, ...overrides } };
}

const NO_TYP = { typ: undefined };

export const OKTA = {
  issuer: 'https://dev-7203841.okta.com/oauth2/default',
  audience: 'api://default',
  clientId: '0oa8f5j3ecb5w3dF35d7',
  otherClientId: '0oa9x1k2zpQ4rT5uV6d7',
  userId: '00u2ab3cdEFGhij4k5d7',
  login: 'jane.doe@example.com',
} as const;

/** An Okta custom authorization server's access token: no `typ`, the client in `cid`, the user in `uid`, `sub` the login. */
export function oktaAccessToken(overrides: JWTPayload = {}): ProviderToken {
  const { iat, exp, auth_time } = times();
  return shaped(
    NO_TYP,
    {
      ver: 1,
      jti: 'AT.q2mtWSAbWlJ0bKRxB7hMAj4gvvE9DZ0RM5Ad3wOCQrI',
      iss: OKTA.issuer,
      aud: OKTA.audience,
      iat,
      exp,
      cid: OKTA.clientId,
      uid: OKTA.userId,
      scp: ['openid', 'profile', 'email', 'offline_access'],
      auth_time,
      sub: OKTA.login,
    },
    overrides,
  );
}

/** Okta's ID token for the same sign-in: addressed to the client (`aud`), `sub` is the user id, no `cid`, no `scp`. */
export function oktaIdToken(overrides: JWTPayload = {}): ProviderToken {
  const { iat, exp, auth_time } = times();
  return shaped(
    NO_TYP,
    {
      sub: OKTA.userId,
      name: 'Jane Doe',
      email: OKTA.login,
      ver: 1,
      iss: OKTA.issuer,
      aud: OKTA.clientId,
      iat,
      exp,
      jti: 'ID.7GXVuLgQ2nN1eoIBcI8XHDm1L1F3oEkCkX6eHMuPW6k',
      amr: ['pwd'],
      idp: '00o1qz7tr9ITtDmFP5d7',
      nonce: 'n-0S6_WzA2Mj',
      preferred_username: OKTA.login,
      auth_time,
      at_hash: 'ZVpLgOkGvV9s3CdXzwXq8w',
    },
    overrides,
  );
}

export const AUTH0 = {
  issuer: 'https://acme-iot.us.auth0.com/',
  audience: 'https://api.acme-iot.example.com',
  clientId: 'mE9yUa6VZ1mYcE3bT3kKx2xwQJxQv8Z0',
  otherClientId: 'Q7pLr3s9TfVg2hJk4mNb6cXz8aW1eD5y',
  subject: 'auth0|5f7c8ec7c33c6c004bbafe82',
} as const;

/** Auth0's default ("Auth0") token profile: `typ: JWT`, the API and userinfo in `aud`, the client in `azp`. */
export function auth0AccessToken(overrides: JWTPayload = {}): ProviderToken {
  const { iat, exp } = times();
  return shaped(
    { typ: 'JWT' },
    {
      iss: AUTH0.issuer,
      sub: AUTH0.subject,
      aud: [AUTH0.audience, `${AUTH0.issuer}userinfo`],
      iat,
      exp,
      scope: 'openid profile email offline_access',
      azp: AUTH0.clientId,
    },
    overrides,
  );
}

/** Auth0's machine-to-machine token (client credentials) in the default profile: `gty`, `sub` = `<client>@clients`. */
export function auth0ClientCredentialsToken(overrides: JWTPayload = {}): ProviderToken {
  const { iat, exp } = times();
  return shaped(
    { typ: 'JWT' },
    {
      iss: AUTH0.issuer,
      sub: `${AUTH0.clientId}@clients`,
      aud: AUTH0.audience,
      iat,
      exp,
      gty: 'client-credentials',
      azp: AUTH0.clientId,
    },
    overrides,
  );
}

/** Auth0's RFC 9068 token profile: `typ: at+jwt`, the client in `client_id`, a `jti`, no `azp`. */
export function auth0Rfc9068AccessToken(overrides: JWTPayload = {}): ProviderToken {
  const { iat, exp } = times();
  return shaped(
    { typ: 'at+jwt' },
    {
      iss: AUTH0.issuer,
      sub: AUTH0.subject,
      aud: [AUTH0.audience, `${AUTH0.issuer}userinfo`],
      client_id: AUTH0.clientId,
      exp,
      iat,
      jti: '73WakrfVbNJBaAmhQtEeDv',
      scope: 'openid profile email offline_access',
    },
    overrides,
  );
}

/** Auth0's ID token: `typ: JWT` like its access tokens, addressed to the client, a `sid`, the `nonce` the client sent. */
export function auth0IdToken(overrides: JWTPayload = {}): ProviderToken {
  const { iat, exp } = times();
  return shaped(
    { typ: 'JWT' },
    {
      nickname: 'jane.doe',
      name: 'jane.doe@example.com',
      picture: 'https://s.gravatar.com/avatar/0a1b2c3d?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fja.png',
      updated_at: '2024-11-05T09:12:44.871Z',
      email: 'jane.doe@example.com',
      email_verified: true,
      iss: AUTH0.issuer,
      aud: AUTH0.clientId,
      sub: AUTH0.subject,
      iat,
      exp,
      sid: 'Xk3GJwG7t5LxQ1yJmVZ0aR9bC2dE4fH6',
      nonce: 'dWlpZC0yMDI0LTExLTA1',
    },
    overrides,
  );
}

export const ENTRA = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  /** The connector's API registration: the v2 `aud`. */
  apiAppId: '6e74172b-be56-4843-9ff4-e66a39bb12e3',
  /** The API's application ID URI: the v1 `aud` when the client asks for `api://c2c-connector/.default`. */
  apiAppIdUri: 'api://c2c-connector',
  /** The client application that gets the tokens. */
  clientAppId: '2c0a4f0e-8d9b-4d0a-9c1e-5f3b7a6d8e21',
  otherClientAppId: '9f1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
  objectId: '00000000-0000-0000-66f3-3332eca7ea81',
  v2Issuer: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0',
  v1Issuer: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
} as const;

/** An Entra ID v2 access token (`accessTokenAcceptedVersion: 2`): `aud` is the API's application id, the client in `azp`. */
export function entraV2AccessToken(overrides: JWTPayload = {}): ProviderToken {
  const { iat, exp } = times();
  return shaped(
    { typ: 'JWT' },
    {
      aud: ENTRA.apiAppId,
      iss: ENTRA.v2Issuer,
      iat,
      nbf: iat,
      exp,
      aio: 'AWQAm/8YAAAAfN6mJ4v2rD9nQ1tS3uV5wX7yZ9aB1cD3eF5gH7iJ9kL1mN3oP5qR7sT9uV1wX3yZ5aB7cD9eF1g==',
      azp: ENTRA.clientAppId,
      azpacr: '0',
      name: 'Jane Doe',
      oid: ENTRA.objectId,
      preferred_username: 'jane.doe@contoso.example',
      rh: '0.AXEAv4j5cvGGr0GRqy180BHbRysXdG5WvkNIn_TmajmMEuNxAH4.',
      scp: 'Devices.Link',
      sub: 'hPqW1ZlOQ4bN2fY3xT5vK7uR9sJ1mL3nE5dC7bA9zX0',
      tid: ENTRA.tenantId,
      uti: 'Ka3c8iVxk0S8kX9fN1qRAA',
      ver: '2.0',
    },
    overrides,
  );
}

/** An Entra ID v1 access token (the manifest's default): issuer `sts.windows.net`, `aud` the ID URI, the client in `appid`. */
export function entraV1AccessToken(overrides: JWTPayload = {}): ProviderToken {
  const { iat, exp } = times();
  return shaped(
    { typ: 'JWT', x5t: 'L1KfKFI_jnXbwWc22xZxw1sUHH0' },
    {
      aud: ENTRA.apiAppIdUri,
      iss: ENTRA.v1Issuer,
      iat,
      nbf: iat,
      exp,
      acr: '1',
      aio: 'E2ZgYJg8s1Ln2fPdN3+gHk7yT1uV3wX5yZ7aB9cD1eF3gH5iJ7kL9mN1oP3qR5sT7uV9wX1yZ3aB5cD7eF9gAA==',
      amr: ['pwd', 'mfa'],
      appid: ENTRA.clientAppId,
      appidacr: '0',
      family_name: 'Doe',
      given_name: 'Jane',
      ipaddr: '203.0.113.24',
      name: 'Jane Doe',
      oid: ENTRA.objectId,
      rh: '0.AXEAv4j5cvGGr0GRqy180BHbRysXdG5WvkNIn_TmajmMEuNxAH4.',
      scp: 'Devices.Link',
      sub: 'l3_roISQU222bULS9yi2k0XpqpOiMz5H3ZACo1GeXA',
      tid: ENTRA.tenantId,
      unique_name: 'jane.doe@contoso.example',
      upn: 'jane.doe@contoso.example',
      uti: 'fqiBqXLPj0eQa82S-IYFAA',
      ver: '1.0',
    },
    overrides,
  );
}

/** Entra's v2 ID token: addressed to the client's application id, a `nonce`, no `azp`, no `scp`. */
export function entraV2IdToken(overrides: JWTPayload = {}): ProviderToken {
  const { iat, exp } = times();
  return shaped(
    { typ: 'JWT' },
    {
      aud: ENTRA.clientAppId,
      iss: ENTRA.v2Issuer,
      iat,
      nbf: iat,
      exp,
      aio: 'AUQAu/8YAAAAz8cF3tG5hJ7kL9mN1oP3qR5sT7uV9wX1yZ3aB5cD7eF9gH1iJ3kL5mN7oP9qR1sT3uV5wX7yZ9==',
      name: 'Jane Doe',
      nonce: '638667341294851234.MjQ4ZjYxNDQtYjM',
      oid: ENTRA.objectId,
      preferred_username: 'jane.doe@contoso.example',
      rh: '0.AXEAv4j5cvGGr0GRqy180BHbRw4PCizNjQpNnB5fO3pt6CFxAH4.',
      sid: '0d3c4a1e-7b2f-4c8d-9e0a-1b2c3d4e5f60',
      sub: 'Xz9yW8vU7tS6rQ5pO4nM3lK2jI1hG0fE9dC8bA7zY6x',
      tid: ENTRA.tenantId,
      uti: 'Q1w2E3r4T5y6U7i8O9p0AA',
      ver: '2.0',
    },
    overrides,
  );
}

/** Entra's v1 ID token: issuer `sts.windows.net`, addressed to the client, no `appid`, no `scp`. */
export function entraV1IdToken(overrides: JWTPayload = {}): ProviderToken {
  const { iat, exp } = times();
  return shaped(
    { typ: 'JWT', x5t: 'L1KfKFI_jnXbwWc22xZxw1sUHH0' },
    {
      aud: ENTRA.clientAppId,
      iss: ENTRA.v1Issuer,
      iat,
      nbf: iat,
      exp,
      amr: ['pwd'],
      family_name: 'Doe',
      given_name: 'Jane',
      ipaddr: '203.0.113.24',
      name: 'Jane Doe',
      nonce: '638667341294851234.MjQ4ZjYxNDQtYjM',
      oid: ENTRA.objectId,
      rh: '0.AXEAv4j5cvGGr0GRqy180BHbRw4PCizNjQpNnB5fO3pt6CFxAH4.',
      sub: 'Yb8nT2mQ5vK1xR7pW3sL9jF4hD6gC0aZ2eU8iO5yN1t',
      tid: ENTRA.tenantId,
      unique_name: 'jane.doe@contoso.example',
      upn: 'jane.doe@contoso.example',
      uti: 'Z9x8C7v6B5n4M3l2K1j0AA',
      ver: '1.0',
    },
    overrides,
  );
}

export const COGNITO = {
  issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123',
  clientId: '3n4b5urk1ft4fl3mg5e62d9ado',
  otherClientId: '7q8r9s0t1u2v3w4x5y6z7a8b9c',
  subject: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
} as const;

/** A Cognito user pool access token: no `typ`, no `aud`, the app client in `client_id`, `token_use: access`. */
export function cognitoAccessToken(overrides: JWTPayload = {}): ProviderToken {
  const { iat, exp, auth_time } = times();
  return shaped(
    NO_TYP,
    {
      sub: COGNITO.subject,
      'cognito:groups': ['installers'],
      iss: COGNITO.issuer,
      version: 2,
      client_id: COGNITO.clientId,
      origin_jti: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
      event_id: 'e5d4c3b2-a1f0-4e9d-8c7b-6a5f4e3d2c1b',
      token_use: 'access',
      scope: 'openid email',
      auth_time,
      exp,
      iat,
      jti: 'f0e1d2c3-b4a5-4968-8776-a5b4c3d2e1f0',
      username: 'jane',
    },
    overrides,
  );
}

/** Cognito's ID token: `aud` is the app client, `token_use: id`, an `at_hash`, no `client_id`. */
export function cognitoIdToken(overrides: JWTPayload = {}): ProviderToken {
  const { iat, exp, auth_time } = times();
  return shaped(
    NO_TYP,
    {
      at_hash: 'Xh4bq3B2y9sT1v7rP5nL0w',
      sub: COGNITO.subject,
      email_verified: true,
      iss: COGNITO.issuer,
      'cognito:username': 'jane',
      origin_jti: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
      aud: COGNITO.clientId,
      event_id: 'e5d4c3b2-a1f0-4e9d-8c7b-6a5f4e3d2c1b',
      token_use: 'id',
      auth_time,
      exp,
      iat,
      jti: '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d',
      email: 'jane@example.com',
    },
    overrides,
  );
}

/** A generic OIDC provider's ID token from the code flow: addressed to the client, a `nonce`, no scope. */
export function genericIdToken(issuer: string, clientId: string, overrides: JWTPayload = {}): ProviderToken {
  const { iat, exp, auth_time } = times();
  return shaped({ typ: 'JWT' }, { iss: issuer, sub: 'user-123', aud: clientId, iat, exp, auth_time, nonce: 'n-0S6_WzA2Mj' }, overrides);
}
