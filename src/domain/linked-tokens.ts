import type { AccessToken } from './access-token.js';

/** What the token endpoint granted. Stored encrypted; never returned by any endpoint. */
export interface LinkedTokens {
  readonly accessToken: AccessToken;
  readonly refreshToken: AccessToken | undefined;
  readonly expiresAt: Date | undefined;
}
