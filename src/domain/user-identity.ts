import { assertValidUserId } from './user-id.js';

/** The name of the identity source that proved an identity (`jwt`, `userinfo`, or one registered by an embedder). */
export type IdentitySourceKind = string;

export interface UserIdentityProps {
  readonly userId: string;
  readonly issuer: string;
  readonly subject: string;
  readonly source: IdentitySourceKind;
  /** When the token that proved this identity stops being valid, if known. */
  readonly expiresAt?: Date;
}

/** Who the end user is at the third-party platform, with a userId managed integrations accepts. */
export class UserIdentity {
  readonly userId: string;
  readonly issuer: string;
  readonly subject: string;
  readonly source: IdentitySourceKind;
  readonly expiresAt: Date | undefined;

  private constructor(props: UserIdentityProps) {
    this.userId = props.userId;
    this.issuer = props.issuer;
    this.subject = props.subject;
    this.source = props.source;
    this.expiresAt = props.expiresAt;
    Object.freeze(this);
  }

  /** @throws InvalidUserId when `userId` is not 1–64 characters of `[a-zA-Z0-9_.,@-]`. */
  static create(props: UserIdentityProps): UserIdentity {
    assertValidUserId(props.userId);
    return new UserIdentity(props);
  }

  equals(other: UserIdentity): boolean {
    return this.userId === other.userId && this.issuer === other.issuer && this.subject === other.subject;
  }
}
