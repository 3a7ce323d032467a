import { AccessToken } from '../domain/access-token.js';
import { DomainError } from '../domain/errors/domain-error.js';
import { IdentityProviderUnavailable } from '../domain/errors/identity-provider-unavailable.js';
import { InvalidToken } from '../domain/errors/invalid-token.js';
import { TokenExpired } from '../domain/errors/token-expired.js';
import type { UserIdentity } from '../domain/user-identity.js';
import type { SecretCredential } from './connector-request.js';
import type { Deadline } from './deadline.js';
import type { Clock } from './ports/clock.js';
import type { Digest } from './ports/digest.js';
import type { CachedActivation, CachedRejectionCode, IdentityCache } from './ports/identity-cache.js';
import type { InvocationFacts } from './ports/invocation-facts.js';
import type { TokenFingerprint } from './ports/token-fingerprint.js';
import type { ActivateUserInput, ActivateWithCredentialInput, UserActivation } from './user-activation.js';

export interface IdentityCachePolicy {
  /** How long an identity is kept when the token's expiry is unknown (userinfo); never past a known expiry. */
  readonly ttlMs: number;
  /** How long a refused token (INVALID_TOKEN, EXPIRED_TOKEN) is refused without asking again. */
  readonly negativeTtlMs: number;
}

/** One upstream call for a token, shared by whoever asks while it runs. */
class Flight {
  /** Set right after the flight is listed, so that even a call that fails at once finds it there to remove. */
  identity!: Promise<UserIdentity>;

  constructor(readonly startedBy: Deadline) {}
}

type AnyActivation = ActivateUserInput | ActivateWithCredentialInput;
const MISSED = { cacheHit: false } as const;

const REJECTION_CODES: readonly string[] = ['INVALID_TOKEN', 'EXPIRED_TOKEN'] satisfies CachedRejectionCode[];

/**
 * ActivateUser behind a cache keyed by token fingerprint. Managed integrations retries a failed invocation
 * five times with the same token: the retries are answered here, and concurrent calls for one token share
 * one upstream call. An unavailable identity provider is never remembered, so a retry asks again.
 * A General Authorization credential is keyed by its secret's reference (arn and versionId), never by the secret.
 */
export class CachedActivateUser implements UserActivation {
  readonly #inFlight = new Map<string, Flight>();

  constructor(
    private readonly inner: UserActivation,
    private readonly cache: IdentityCache,
    private readonly fingerprint: TokenFingerprint,
    private readonly clock: Clock,
    private readonly facts: InvocationFacts,
    private readonly policy: IdentityCachePolicy,
    /** Fingerprints secret references; without it they key the cache as they are (neither part is secret). */
    private readonly digest?: Digest,
  ) {}

  async execute(input: AnyActivation): Promise<UserIdentity> {
    const key = 'token' in input ? this.fingerprint.of(input.token) : this.#credentialKey(input.credential);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.facts.record(input.deadline, { cacheHit: true, ...(cached.kind === 'identified' ? { identitySource: cached.identity.source } : {}) });
      if (cached.kind === 'identified') return cached.identity;
      throw rejection(cached.code, cached.message);
    }
    // The facts of a miss are recorded once, when the call settles.
    let identity: UserIdentity;
    try {
      identity = await this.#shared(key, input);
    } catch (error) {
      this.facts.record(input.deadline, MISSED);
      throw error;
    }
    this.facts.record(input.deadline, { cacheHit: false, identitySource: identity.source });
    return identity;
  }

  forget(credential: AccessToken | SecretCredential): void {
    const key = credential instanceof AccessToken ? this.fingerprint.of(credential) : this.#credentialKey(credential);
    this.cache.delete(key);
    this.#inFlight.delete(key);
    this.inner.forget(credential);
  }

  /** A key space of its own (a token's base64 fingerprint holds no `:`), so that no token is ever answered a credential's identity. */
  #credentialKey({ secretsManager: { arn, versionId } }: SecretCredential): string {
    const reference = `${arn}\n${versionId}`;
    return `secret:${this.digest?.sha256Base64Url(reference) ?? reference}`;
  }

  /**
   * Joins the call already running for this token, waiting no longer than our own deadline. When the
   * caller that started it ran out of time but we have some left, we ask once more on our own.
   */
  #shared(key: string, input: AnyActivation): Promise<UserIdentity> {
    const running = this.#inFlight.get(key);
    return running === undefined ? this.#start(key, input) : this.#join(running, key, input);
  }

  async #join(running: Flight, key: string, input: AnyActivation): Promise<UserIdentity> {
    try {
      return await input.deadline.race(running.identity, noTimeLeft);
    } catch (error) {
      const cutShortByAnother = error instanceof IdentityProviderUnavailable && running.startedBy.expired;
      if (!cutShortByAnother || input.deadline.expired) throw error;
      return this.#start(key, input);
    }
  }

  /** Starts the call for this token, bounded by our own adapters' deadline (only joiners need a race). */
  #start(key: string, input: AnyActivation): Promise<UserIdentity> {
    const flight = new Flight(input.deadline);
    this.#inFlight.set(key, flight);
    flight.identity = this.#identifyAndRemember(key, input, flight);
    return flight.identity;
  }

  async #identifyAndRemember(key: string, input: AnyActivation, flight: Flight): Promise<UserIdentity> {
    try {
      const found = await this.inner.execute(input);
      const ttlMs = this.#ttlOf(found);
      if (ttlMs > 0) this.cache.set(key, { kind: 'identified', identity: found }, ttlMs);
      return found;
    } catch (error) {
      const entry = rejectedEntry(error);
      if (entry !== undefined && this.policy.negativeTtlMs > 0) this.cache.set(key, entry, this.policy.negativeTtlMs);
      throw error;
    } finally {
      if (this.#inFlight.get(key) === flight) this.#inFlight.delete(key);
    }
  }

  /** A JWT's identity is good until the token expires; one from userinfo for the configured time, at most. */
  #ttlOf(identity: UserIdentity): number {
    const untilExpiry = identity.expiresAt === undefined ? undefined : identity.expiresAt.getTime() - this.clock.now().getTime();
    if (untilExpiry === undefined) return this.policy.ttlMs;
    if (identity.source === 'jwt') return untilExpiry;
    return Math.min(this.policy.ttlMs, untilExpiry);
  }
}

function rejectedEntry(error: unknown): CachedActivation | undefined {
  if (!(error instanceof DomainError) || !REJECTION_CODES.includes(error.code)) return undefined;
  return { kind: 'rejected', code: error.code as CachedRejectionCode, message: error.message };
}

function rejection(code: CachedRejectionCode, message: string): DomainError {
  return code === 'EXPIRED_TOKEN' ? new TokenExpired(message) : new InvalidToken(message);
}

function noTimeLeft(): IdentityProviderUnavailable {
  return new IdentityProviderUnavailable('The identity provider gave no answer within the deadline.');
}
