import type { AccessToken } from './access-token.js';

/** What the token endpoint granted. Stored encrypted; never returned by any endpoint. */
export interface LinkedTokens {
  readonly accessToken: AccessToken;
  readonly refreshToken: AccessToken | undefined;
  readonly expiresAt: Date | undefined;
  /** When the refresh token stops working, when the platform says (`refresh_expires_in`); proactive renewal needs it. */
  readonly refreshExpiresAt?: Date | undefined;
  /** When the token endpoint answered these tokens. Absent from links stored before it was kept. */
  readonly obtainedAt?: Date | undefined;
}
