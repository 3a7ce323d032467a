import type { AccessToken } from '../../domain/access-token.js';
import type { LinkedTokens } from '../../domain/linked-tokens.js';
import type { Deadline } from '../deadline.js';

/**
 * Port: renews an association's tokens with the `refresh_token` grant (RFC 6749 §6) at the platform's token
 * URL, the client authenticated as at the code exchange. The answer's `refreshToken` is undefined when the
 * platform answered none (the old one stays in use).
 *
 * Implementations throw `LinkingFailed` when the platform refuses, its OAuth `error` as `oauthError`
 * (`invalid_grant`: the refresh token is expired, revoked or already used); `IdentityProviderUnavailable`
 * when it cannot be reached within the deadline or answers 5xx.
 */
export interface TokenRefresher {
  refresh(refreshToken: AccessToken, deadline: Deadline): Promise<LinkedTokens>;
}
