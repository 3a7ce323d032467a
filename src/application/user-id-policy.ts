import { InvalidUserId } from '../domain/errors/invalid-user-id.js';
import type { UserIdFormat } from '../domain/user-id-format.js';
import type { Digest } from './ports/digest.js';
import type { IdentityClaims } from './ports/identity-claims.js';

export type { UserIdFormat };

export interface UserIdPolicyOptions {
  /** Used when the source does not say otherwise (`C2C_USER_ID_FORMAT`). Default `claim`. */
  readonly format?: UserIdFormat;
  /** Accept a user key that looks like an email address (`C2C_ALLOW_EMAIL_USER_ID`). Default false: emails change. */
  readonly allowEmail?: boolean;
}

const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Turns what a source says about the user into the userId reported to managed integrations. */
export class UserIdPolicy {
  constructor(
    private readonly digest: Digest,
    private readonly options: UserIdPolicyOptions = {},
  ) {}

  userIdOf(claims: IdentityClaims): string {
    const format = claims.userIdFormat ?? this.options.format ?? 'claim';
    if (format === 'issuer-scoped') return this.digest.sha256Base64Url(`${claims.issuer}\n${claims.userId}`);
    if (!(this.options.allowEmail ?? false) && EMAIL_SHAPE.test(claims.userId)) {
      throw new InvalidUserId(
        'The user id looks like an email address, which can change: use an immutable claim, ' +
          'C2C_USER_ID_FORMAT=issuer-scoped, or set C2C_ALLOW_EMAIL_USER_ID=true.',
      );
    }
    return claims.userId;
  }
}
