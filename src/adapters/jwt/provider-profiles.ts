import type { JoseTokenVerifierOptions } from './jose-token-verifier.js';

export const PROVIDER_PROFILE_NAMES = ['generic-oidc', 'cognito', 'auth0', 'okta', 'entra'] as const;

export type ProviderProfileName = (typeof PROVIDER_PROFILE_NAMES)[number];

/** What a provider's access tokens look like: the verifier defaults that fit them. Explicit settings win. */
export type ProviderProfile = Pick<
  JoseTokenVerifierOptions,
  'userIdClaim' | 'userIdTemplate' | 'userIdFormat' | 'audienceClaim' | 'requiredType' | 'requiredClaimValues' | 'algorithms'
>;

/**
 * Data, not code: each entry says where the stable user id is and how the token names its audience.
 * - Cognito access tokens have no `aud`; `client_id` names the app client and `token_use` must be `access`.
 * - Auth0 subjects look like `auth0|5f7c…` or `google-oauth2|…`: `|` is outside the userId alphabet, so ids are issuer-scoped.
 * - Okta's `sub` is the login (often an email, which changes); `uid` is the immutable user id.
 * - Entra ID: `oid` is unique only within a tenant `tid`; two GUIDs are too long side by side, so ids are issuer-scoped.
 */
export const PROVIDER_PROFILES: Readonly<Record<ProviderProfileName, ProviderProfile>> = {
  'generic-oidc': { userIdClaim: 'sub', audienceClaim: 'aud' },
  cognito: {
    userIdClaim: 'sub',
    audienceClaim: 'client_id',
    requiredClaimValues: { token_use: 'access' },
    algorithms: ['RS256'],
  },
  auth0: { userIdClaim: 'sub', userIdFormat: 'issuer-scoped', audienceClaim: 'aud', requiredType: 'at+jwt', algorithms: ['RS256', 'PS256'] },
  okta: { userIdClaim: 'uid', audienceClaim: 'aud', requiredType: 'at+jwt', algorithms: ['RS256'] },
  entra: { userIdTemplate: '{tid}.{oid}', userIdFormat: 'issuer-scoped', audienceClaim: 'aud', algorithms: ['RS256'] },
};
