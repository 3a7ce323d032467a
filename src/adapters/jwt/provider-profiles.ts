import type { JoseTokenVerifierOptions } from './jose-token-verifier.js';

export const PROVIDER_PROFILE_NAMES = ['generic-oidc', 'cognito', 'auth0', 'okta', 'entra'] as const;

export type ProviderProfileName = (typeof PROVIDER_PROFILE_NAMES)[number];

/** What a provider's access tokens look like: the verifier defaults that fit them. Explicit settings win. */
export type ProviderProfile = Pick<
  JoseTokenVerifierOptions,
  | 'userIdClaim'
  | 'userIdTemplate'
  | 'userIdFormat'
  | 'audienceClaim'
  | 'clientClaims'
  | 'clientClaimRequired'
  | 'nonceMeansIdToken'
  | 'requiredClaimValues'
  | 'algorithms'
>;

/**
 * Data, not code: each entry says where the stable user id is, how the token names its audience and its client,
 * and how the provider's ID tokens differ from its access tokens.
 * - Cognito access tokens have no `aud`; `client_id` names the app client and `token_use` must be `access`.
 * - Auth0 subjects look like `auth0|5f7c…` or `google-oauth2|…`: `|` is outside the userId alphabet, so ids are
 *   issuer-scoped. Its default token profile (`typ: JWT`) names the client in `azp`, the RFC 9068 one
 *   (`typ: at+jwt`) in `client_id`.
 * - Okta's `sub` is the login (often an email, which changes); `uid` is the immutable user id; `cid` the client.
 *   Its access tokens carry no `typ`.
 * - Entra ID: `oid` is unique only within a tenant `tid`; two GUIDs are too long side by side, so ids are
 *   issuer-scoped. v2 tokens name the client in `azp`, v1 tokens in `appid`.
 * The four providers' ID tokens name their client only in `aud`, and none puts a `nonce` in an access token.
 */
export const PROVIDER_PROFILES: Readonly<Record<ProviderProfileName, ProviderProfile>> = {
  'generic-oidc': { userIdClaim: 'sub', audienceClaim: 'aud', clientClaims: ['client_id', 'azp'] },
  cognito: {
    userIdClaim: 'sub',
    audienceClaim: 'client_id',
    clientClaims: ['client_id'],
    clientClaimRequired: true,
    nonceMeansIdToken: true,
    requiredClaimValues: { token_use: 'access' },
    algorithms: ['RS256'],
  },
  auth0: {
    userIdClaim: 'sub',
    userIdFormat: 'issuer-scoped',
    audienceClaim: 'aud',
    clientClaims: ['azp', 'client_id'],
    clientClaimRequired: true,
    nonceMeansIdToken: true,
    algorithms: ['RS256', 'PS256'],
  },
  okta: { userIdClaim: 'uid', audienceClaim: 'aud', clientClaims: ['cid'], clientClaimRequired: true, nonceMeansIdToken: true, algorithms: ['RS256'] },
  entra: {
    userIdTemplate: '{tid}.{oid}',
    userIdFormat: 'issuer-scoped',
    audienceClaim: 'aud',
    clientClaims: ['azp', 'appid'],
    clientClaimRequired: true,
    nonceMeansIdToken: true,
    algorithms: ['RS256'],
  },
};
