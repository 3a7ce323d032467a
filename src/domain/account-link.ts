import { assertAssociationDetails, assertDescriptionChange, type AssociationDescriptionChange, type AssociationDetails } from './association-details.js';
import { ASSOCIATION_ID_PATTERN, assertAssociationId } from './association-id.js';
import type { AssociationState } from './association-state.js';
import { toErrorMessage } from './error-message.js';
import { IllegalAssociationTransition } from './errors/illegal-association-transition.js';
import { InvalidRequest } from './errors/invalid-request.js';
import type { LinkedTokens } from './linked-tokens.js';
import type { PendingAuthorization } from './pending-authorization.js';
import type { RefreshLease } from './refresh-lease.js';
import { assertValidUserId } from './user-id.js';

/** The ErrorMessage of a link whose round trip, or claimed callback, ran out of time. */
export const AUTHORIZATION_EXPIRED = 'The authorization expired before it completed';

export interface AccountLinkSnapshot {
  readonly associationId: string;
  readonly state: AssociationState;
  /** Incremented by every transition; repositories use it for compare-and-set. */
  readonly version: number;
  readonly pending: PendingAuthorization | undefined;
  readonly userId: string | undefined;
  readonly errorMessage: string | undefined;
  readonly tokens: LinkedTokens | undefined;
  /**
   * While ASSOCIATION_DELETING: the state the deletion began from, which an abandoned deletion returns to.
   * Absent from links stored before it was kept.
   */
  readonly deletingFrom?: AssociationState | undefined;
  /** While one process refreshes the tokens (see RefreshLease). */
  readonly refreshLease?: RefreshLease | undefined;
  /**
   * After a callback was claimed: when its claimant must have stored the outcome. Past it the claim counts
   * as abandoned (the process died mid-exchange). Absent from links stored before it was kept.
   */
  readonly claimExpiresAt?: Date | undefined;
  /** The connector destination (linking configuration) the association was created for. Absent from links stored before destinations. */
  readonly connectorDestinationId?: string | undefined;
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
  /**
   * When CreateAccountAssociation carried a ClientToken: a digest of the parameters it was created with, so
   * that a retry can tell the same request from another one under the same token.
   */
  readonly creationFingerprint?: string | undefined;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What CreateAccountAssociation records beside the round trip. */
export interface AssociationCreation extends AssociationDetails {
  readonly creationFingerprint?: string | undefined;
}

/**
 * The link between an end user of a third-party platform and the customer's application, named by its
 * AccountAssociationId. Every state change goes through a method here; each bumps `version`.
 */
export class AccountLink {
  #s: AccountLinkSnapshot;

  private constructor(snapshot: AccountLinkSnapshot) {
    this.#s = snapshot;
  }

  static start(associationId: string, pending: PendingAuthorization, now: Date, creation?: AssociationCreation): AccountLink {
    const details = creation === undefined ? undefined : assertAssociationDetails(creation);
    return new AccountLink({
      associationId: assertAssociationId(associationId),
      state: 'ASSOCIATION_IN_PROGRESS',
      version: 1,
      pending,
      userId: undefined,
      errorMessage: undefined,
      tokens: undefined,
      deletingFrom: undefined,
      claimExpiresAt: undefined,
      connectorDestinationId: details?.connectorDestinationId,
      name: details?.name,
      description: details?.description,
      tags: details?.tags === undefined ? undefined : { ...details.tags },
      creationFingerprint: details?.creationFingerprint,
      createdAt: now,
      updatedAt: now,
    });
  }

  static isAssociationId(candidate: string): boolean {
    return ASSOCIATION_ID_PATTERN.test(candidate);
  }

  static fromSnapshot(snapshot: AccountLinkSnapshot): AccountLink {
    return new AccountLink(snapshot);
  }

  toSnapshot(): AccountLinkSnapshot {
    return this.#s;
  }

  get associationId(): string {
    return this.#s.associationId;
  }
  get state(): AssociationState {
    return this.#s.state;
  }
  get version(): number {
    return this.#s.version;
  }
  get userId(): string | undefined {
    return this.#s.userId;
  }
  get errorMessage(): string | undefined {
    return this.#s.errorMessage;
  }
  get tokens(): LinkedTokens | undefined {
    return this.#s.tokens;
  }
  get pending(): PendingAuthorization | undefined {
    return this.#s.pending;
  }
  get refreshLease(): RefreshLease | undefined {
    return this.#s.refreshLease;
  }
  get claimExpiresAt(): Date | undefined {
    return this.#s.claimExpiresAt;
  }
  get connectorDestinationId(): string | undefined {
    return this.#s.connectorDestinationId;
  }
  get name(): string | undefined {
    return this.#s.name;
  }
  get description(): string | undefined {
    return this.#s.description;
  }
  get tags(): Readonly<Record<string, string>> | undefined {
    return this.#s.tags;
  }
  get creationFingerprint(): string | undefined {
    return this.#s.creationFingerprint;
  }
  get createdAt(): Date {
    return this.#s.createdAt;
  }

  /**
   * UpdateAccountAssociation: a new Name and/or Description; an absent one stays. Answers whether anything
   * changed (nothing to store otherwise). Refused while the association is being deleted.
   */
  changeDescription(change: AssociationDescriptionChange, now: Date): boolean {
    assertDescriptionChange(change);
    this.#require(['ASSOCIATION_IN_PROGRESS', 'ASSOCIATION_SUCCEEDED', 'ASSOCIATION_FAILED', 'REFRESH_TOKEN_EXPIRED'], 'be updated');
    const name = change.name ?? this.#s.name;
    const description = change.description ?? this.#s.description;
    if (name === this.#s.name && description === this.#s.description) return false;
    this.#change({ name, description }, now);
    return true;
  }

  /** True while an authorization round trip may still complete. */
  isAwaitingCallback(now: Date): boolean {
    return this.#s.pending !== undefined && this.#s.pending.expiresAt.getTime() > now.getTime();
  }

  /** Starts a new authorization round trip (relink); the previous one, if any, is void. */
  restartAuthorization(pending: PendingAuthorization, now: Date): void {
    this.#require(['ASSOCIATION_IN_PROGRESS', 'ASSOCIATION_SUCCEEDED', 'ASSOCIATION_FAILED', 'REFRESH_TOKEN_EXPIRED'], 'restart authorization');
    const state = this.#s.state === 'ASSOCIATION_FAILED' ? 'ASSOCIATION_IN_PROGRESS' : this.#s.state;
    this.#change({ state, pending, errorMessage: undefined }, now);
  }

  /** True when `state` is the single-use state of the round trip in flight (compared in constant time). */
  holdsPendingState(state: string): boolean {
    const pending = this.#s.pending;
    return pending !== undefined && constantTimeEquals(pending.state, state);
  }

  /**
   * Consumes the single-use `state` of the pending round trip and returns its PKCE verifier. Persisting
   * this change with compare-and-set is what guarantees a code is exchanged at most once. The claimant must
   * store the outcome by `finishBy`, after which `expireAbandoned` ends the claim.
   */
  claimCallback(state: string, now: Date, finishBy: Date): string {
    const pending = this.#s.pending;
    if (pending === undefined || !this.holdsPendingState(state)) {
      throw new InvalidRequest('The state parameter is unknown or was already used.');
    }
    if (pending.expiresAt.getTime() <= now.getTime()) {
      throw new InvalidRequest('The authorization request expired; start linking again.');
    }
    this.#change({ pending: undefined, claimExpiresAt: finishBy }, now);
    return pending.codeVerifier;
  }

  /**
   * Ends what nobody will finish: a round trip whose authorization request expired, or a claimed callback
   * whose claimant missed its deadline. A link that never succeeded becomes ASSOCIATION_FAILED with
   * AUTHORIZATION_EXPIRED; a relink of a working link just drops its round trip. True when the link
   * changed, to be stored by compare-and-set.
   */
  expireAbandoned(now: Date): boolean {
    const { pending, claimExpiresAt } = this.#s;
    const expired = (at: Date | undefined) => at !== undefined && at.getTime() <= now.getTime();
    if (!expired(pending?.expiresAt) && !expired(claimExpiresAt)) return false;
    if (this.#s.state === 'ASSOCIATION_IN_PROGRESS') {
      this.#change({ state: 'ASSOCIATION_FAILED', pending: undefined, errorMessage: AUTHORIZATION_EXPIRED }, now);
    } else {
      this.#change({ pending: undefined }, now);
    }
    return true;
  }

  /** The connector activated the user: the link now carries its userId and the granted tokens. */
  succeed(userId: string, tokens: LinkedTokens, now: Date): void {
    this.#require(['ASSOCIATION_IN_PROGRESS', 'ASSOCIATION_SUCCEEDED', 'ASSOCIATION_FAILED', 'REFRESH_TOKEN_EXPIRED'], 'succeed');
    assertValidUserId(userId);
    if (this.#s.userId !== undefined && this.#s.userId !== userId) {
      throw new IllegalAssociationTransition(this.associationId, this.#s.state, 'be relinked to another user');
    }
    // New tokens: a refresh of the old ones still under way must not write over them.
    this.#change({ state: 'ASSOCIATION_SUCCEEDED', userId, tokens, errorMessage: undefined, refreshLease: undefined }, now);
  }

  fail(reason: string, now: Date): void {
    this.#require(['ASSOCIATION_IN_PROGRESS', 'ASSOCIATION_SUCCEEDED', 'ASSOCIATION_FAILED', 'REFRESH_TOKEN_EXPIRED'], 'fail');
    // A failed relink leaves a working link alone: only a link that never succeeded becomes FAILED.
    const state = this.#s.state === 'ASSOCIATION_IN_PROGRESS' ? 'ASSOCIATION_FAILED' : this.#s.state;
    this.#change({ state, pending: undefined, errorMessage: toErrorMessage(reason) }, now);
  }

  /** The tokens cannot be renewed any more; `reason` becomes the ErrorMessage, when given. */
  markRefreshTokenExpired(now: Date, reason?: string): void {
    this.#require(['ASSOCIATION_SUCCEEDED'], 'mark its refresh token expired');
    const errorMessage = reason === undefined ? this.#s.errorMessage : toErrorMessage(reason);
    this.#change({ state: 'REFRESH_TOKEN_EXPIRED', errorMessage, refreshLease: undefined }, now);
  }

  /** True while a lease taken by someone other than `holder` has not lapsed at `now`. */
  isBeingRefreshed(now: Date, holder?: string): boolean {
    const lease = this.#s.refreshLease;
    return lease !== undefined && lease.holder !== holder && lease.expiresAt.getTime() > now.getTime();
  }

  holdsRefreshLease(holder: string): boolean {
    return this.#s.refreshLease?.holder === holder;
  }

  /**
   * Claims the one refresh of this link's tokens until `expiresAt`. Persisting it with compare-and-set is
   * what makes a single process win; a lapsed lease may be taken over.
   */
  takeRefreshLease(holder: string, expiresAt: Date, now: Date): void {
    this.#require(['ASSOCIATION_SUCCEEDED'], 'refresh its tokens');
    if (this.isBeingRefreshed(now, holder)) {
      throw new IllegalAssociationTransition(this.associationId, this.#s.state, 'start a second refresh of its tokens');
    }
    this.#change({ refreshLease: { holder, expiresAt } }, now);
  }

  /** Gives the lease up without new tokens (the platform could not be reached): the next need tries again. */
  releaseRefreshLease(now: Date): void {
    if (this.#s.refreshLease === undefined) return;
    this.#change({ refreshLease: undefined }, now);
  }

  /**
   * The refresh grant's answer replaces the tokens and ends the lease. A platform that rotates refresh tokens
   * answers a new one, which replaces the old; one that answers none leaves the old refresh token in use
   * (RFC 6749 §6), with the lifetime it had.
   */
  renewTokens(granted: LinkedTokens, now: Date): void {
    this.#require(['ASSOCIATION_SUCCEEDED'], 'renew its tokens');
    const previous = this.#s.tokens;
    const rotated = granted.refreshToken !== undefined;
    const tokens: LinkedTokens = {
      ...granted,
      refreshToken: rotated ? granted.refreshToken : previous?.refreshToken,
      refreshExpiresAt: rotated ? granted.refreshExpiresAt : previous?.refreshExpiresAt,
    };
    this.#change({ tokens, refreshLease: undefined }, now);
  }

  /** A new attempt: a reason left by an abandoned one no longer applies. */
  beginDeletion(now: Date): void {
    if (this.#s.state === 'ASSOCIATION_DELETING') return;
    this.#change({ state: 'ASSOCIATION_DELETING', deletingFrom: this.#s.state, pending: undefined, errorMessage: undefined }, now);
  }

  /**
   * The deletion failed in a way no retry will mend (the connector's configuration, say): the link is
   * as it was before, its tokens alive, with the reason; deleting it again starts over.
   */
  abandonDeletion(reason: string, now: Date): void {
    this.#require(['ASSOCIATION_DELETING'], 'abandon its deletion');
    const linked = this.#s.userId !== undefined ? 'ASSOCIATION_SUCCEEDED' : 'ASSOCIATION_FAILED';
    const state = this.#s.deletingFrom ?? linked;
    this.#change({ state, deletingFrom: undefined, errorMessage: toErrorMessage(reason) }, now);
  }

  #require(allowed: readonly AssociationState[], action: string): void {
    if (!allowed.includes(this.#s.state)) {
      throw new IllegalAssociationTransition(this.associationId, this.#s.state, action);
    }
  }

  /** Any change but a claim settles the claim in flight, if any: its claimant loses the compare-and-set. */
  #change(patch: Partial<AccountLinkSnapshot>, now: Date): void {
    const next: AccountLinkSnapshot = { ...this.#s, claimExpiresAt: undefined, ...patch, version: this.#s.version + 1, updatedAt: now };
    // A lease that ended is absent, as on a link that never had one (snapshots compare equal, items stay lean).
    const { refreshLease, ...withoutLease } = next;
    this.#s = refreshLease === undefined ? withoutLease : next;
  }
}

function constantTimeEquals(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
