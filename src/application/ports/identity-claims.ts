import type { IdentitySourceKind } from '../../domain/user-identity.js';

/** What an identity source learnt about the token's owner, before the userId rule is applied. */
export interface IdentityClaims {
  /** Value of the configured user id claim (`C2C_USER_ID_CLAIM`), as the source found it. */
  readonly userId: string;
  readonly issuer: string;
  readonly subject: string;
  readonly source: IdentitySourceKind;
  readonly expiresAt?: Date;
}
