import type { IdentitySourceKind } from '../../domain/user-identity.js';
import type { UserIdFormat } from '../../domain/user-id-format.js';

/** What an identity source learnt about the token's owner, before the userId rule is applied. */
export interface IdentityClaims {
  /** The user key as the source found it: the configured claim (`C2C_USER_ID_CLAIM`) or template. */
  readonly userId: string;
  readonly issuer: string;
  readonly subject: string;
  readonly source: IdentitySourceKind;
  readonly expiresAt?: Date;
  /** How this source's user keys become userIds, when it differs from the policy's default (provider profiles). */
  readonly userIdFormat?: UserIdFormat;
}
