import type { AxiosInstance } from 'axios';
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWSHeaderParameters } from 'jose';
import type { Deadline } from '../../application/deadline.js';
import type { Clock } from '../../application/ports/clock.js';
import type { Logger } from '../../application/ports/logger.js';
import type { IdentityProviderUnavailable } from '../../domain/errors/identity-provider-unavailable.js';
import { InvalidToken } from '../../domain/errors/invalid-token.js';
import { sendWithRetries, type RetryPolicy } from '../outbound-http/send-with-retries.js';
import { failureWithoutAnswer, unavailable, unusableBody, unusableStatus, type Upstream } from '../outbound-http/upstream-failure.js';
import { selectVerificationKeys, type SkippedKey } from './select-verification-keys.js';

const KEY_SET: Upstream = {
  name: "The issuer's JSON Web Key Set",
  configuredBy: 'the key set URL (C2C_JWKS_URI, or the jwksUri of C2C_JWT_ISSUERS)',
};

export interface RemoteJwksKeyStoreOptions {
  readonly jwksUri: string;
  /** Keys older than this are refetched before use. Default 10 minutes. */
  readonly maxAgeMs?: number;
  /**
   * An unknown `kid` triggers at most one refetch per this period, and after a failed refresh the stale keys
   * are served this long before the endpoint is tried again. Default 30 seconds.
   */
  readonly cooldownMs?: number;
  /** How long past `maxAgeMs` the last good keys keep verifying while the endpoint fails. Default 1 hour. */
  readonly staleIfErrorMs?: number;
  /** Largest key set accepted. Default 256 KiB. */
  readonly maxBytes?: number;
  /**
   * Retries of transient failures (network error, 5xx, 429) within the deadline, when no usable keys are at
   * hand (cold start, unknown kid). A refresh with stale keys to fall back on is tried once. Default none.
   */
  readonly retry?: RetryPolicy;
}

type KeyResolver = ReturnType<typeof createLocalJWKSet>;
type VerificationKey = Awaited<ReturnType<KeyResolver>>;

interface CachedKeySet {
  readonly resolve: KeyResolver;
  readonly fetchedAt: number;
  /** The keys this set already resolved, by the header fields jose's resolver reads (`alg`, `kid`). */
  readonly resolved: Map<string, VerificationKey>;
  /** Why each key of the set that was left out is unusable, by kid: what a token naming one is told. */
  readonly skipped: ReadonlyMap<string, string>;
}

interface InFlightFetch {
  readonly startedBy: Deadline;
  readonly keys: Promise<CachedKeySet>;
}

/**
 * The issuer's JSON Web Key Set, fetched through the project's HTTP client within each caller's deadline,
 * cached, refreshed when old, and kept while the endpoint is down. Keys that cannot verify here (weak,
 * malformed, for encryption) are left out when the set is loaded, with one warning per key.
 */
export class RemoteJwksKeyStore {
  readonly #maxAgeMs: number;
  readonly #cooldownMs: number;
  readonly #staleIfErrorMs: number;
  readonly #maxBytes: number;
  #cached: CachedKeySet | undefined;
  #inFlight: InFlightFetch | undefined;
  #lastFetchStartedAt = Number.NEGATIVE_INFINITY;
  #lastRefreshFailedAt = Number.NEGATIVE_INFINITY;
  /** Skipped keys already warned about, so that each refresh of the same set does not warn again. */
  readonly #warned = new Set<string>();

  /**
   * @param clock ages and cooldowns are measured on its monotonic time.
   * @param logger warned of each key the set holds that cannot be used.
   */
  constructor(
    private readonly http: AxiosInstance,
    private readonly clock: Clock,
    private readonly options: RemoteJwksKeyStoreOptions,
    private readonly logger: Logger,
  ) {
    this.#maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.#cooldownMs = options.cooldownMs ?? 30_000;
    this.#staleIfErrorMs = options.staleIfErrorMs ?? 60 * 60_000;
    this.#maxBytes = options.maxBytes ?? 256 * 1024;
  }

  /**
   * Fetches the key set now, when none is cached, so that the first token does not wait for it (a Lambda's
   * init phase has time of its own). A failure is not reported here: the first token's own fetch reports it.
   */
  async prefetch(deadline: Deadline): Promise<void> {
    if (this.#cached !== undefined) return;
    try {
      await this.#fetch(deadline);
    } catch {
      // Left to the first verification, which fetches again within its own deadline.
    }
  }

  /**
   * The key that verifies a token with this header. A key already resolved from young keys is answered as it
   * is, without a promise: that is every token but the first few after a fetch.
   */
  getKey(header: JWSHeaderParameters, deadline: Deadline): VerificationKey | Promise<VerificationKey> {
    return this.resolvedKey(header) ?? this.#resolve(header, deadline);
  }

  /** The key for this header when young keys already resolved it: no fetch, no promise, else undefined. */
  resolvedKey(header: JWSHeaderParameters): VerificationKey | undefined {
    // jose checks `alg` before asking for a key, not `kid`: a JSON object there names no key of any set.
    if (header.kid !== undefined && typeof header.kid !== 'string') throw new InvalidToken('The token\'s "kid" header is not a string.');
    return this.#fresh()?.resolved.get(resolvedKeyName(header));
  }

  async #resolve(header: JWSHeaderParameters, deadline: Deadline): Promise<VerificationKey> {
    const keySet = await this.#current(deadline);
    try {
      return await resolveAndRemember(keySet, header);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw asInvalid(error, keySet, header);
      // Within the cooldown a fetch still running is joined: it may be the one bringing a rotated key.
      const coolingDown = this.clock.monotonicMs() - this.#lastFetchStartedAt < this.#cooldownMs;
      if (coolingDown && this.#inFlight === undefined) throw asInvalid(error, keySet, header);
      const refreshed = await this.#fetch(deadline);
      try {
        return await resolveAndRemember(refreshed, header);
      } catch (retryError) {
        throw asInvalid(retryError, refreshed, header);
      }
    }
  }

  /** The cached keys while they are young enough to use as they are: the hot path, without a promise. */
  #fresh(): CachedKeySet | undefined {
    const cached = this.#cached;
    return cached !== undefined && this.clock.monotonicMs() - cached.fetchedAt <= this.#maxAgeMs ? cached : undefined;
  }

  async #current(deadline: Deadline): Promise<CachedKeySet> {
    const cached = this.#cached;
    if (cached === undefined) return this.#fetch(deadline);
    const age = this.clock.monotonicMs() - cached.fetchedAt;
    if (age <= this.#maxAgeMs) return cached;
    const usable = age <= this.#maxAgeMs + this.#staleIfErrorMs;
    // A refresh is running or failed lately: serve the old keys rather than spend this caller's deadline
    // on an endpoint that is down (a hanging one would eat the whole budget of every request).
    const refreshFailedLately = this.clock.monotonicMs() - this.#lastRefreshFailedAt < this.#cooldownMs;
    if (usable && (this.#inFlight !== undefined || refreshFailedLately)) return cached;
    try {
      return await this.#fetch(deadline, !usable);
    } catch (error) {
      if (!usable) throw error;
      this.#lastRefreshFailedAt = this.clock.monotonicMs();
      return cached;
    }
  }

  /**
   * Concurrent callers share one request; each still waits no longer than its own deadline. The shared
   * request runs on the deadline of the caller that started it: when that deadline, not ours, ended it,
   * a caller with time left tries once more on its own.
   */
  async #fetch(deadline: Deadline, retry = true): Promise<CachedKeySet> {
    const shared = this.#share(deadline, retry);
    try {
      return await deadline.race(shared.keys, outOfTime);
    } catch (error) {
      if (shared.startedBy === deadline || !shared.startedBy.expired || deadline.expired) throw error;
      return deadline.race(this.#share(deadline, retry).keys, outOfTime);
    }
  }

  #share(deadline: Deadline, retry: boolean): InFlightFetch {
    if (this.#inFlight !== undefined) return this.#inFlight;
    const inFlight: InFlightFetch = {
      startedBy: deadline,
      keys: this.#download(deadline, retry).finally(() => {
        if (this.#inFlight === inFlight) this.#inFlight = undefined;
      }),
    };
    this.#inFlight = inFlight;
    return inFlight;
  }

  async #download(deadline: Deadline, retry: boolean): Promise<CachedKeySet> {
    this.#lastFetchStartedAt = this.clock.monotonicMs();
    if (deadline.remainingMs() === 0) throw unavailable(KEY_SET, 'no time left in the deadline');
    let response;
    try {
      response = await sendWithRetries(deadline, retry ? (this.options.retry ?? {}) : {}, (timeout) =>
        this.http.get<string>(this.options.jwksUri, {
          timeout,
          signal: deadline.signal,
          maxContentLength: this.#maxBytes,
          headers: { Accept: 'application/json' },
        }),
      );
    } catch (error) {
      throw failureWithoutAnswer(KEY_SET, error);
    }
    if (response.status !== 200) throw unusableStatus(KEY_SET, response.status);
    const { usable, skipped } = selectVerificationKeys(parseKeySet(response.data).keys);
    const resolve = toKeyResolver(usable);
    this.#warnOfSkipped(skipped);
    const cached: CachedKeySet = {
      resolve,
      fetchedAt: this.clock.monotonicMs(),
      resolved: new Map(),
      skipped: new Map(skipped.flatMap(({ kid, reason }) => (kid === undefined ? [] : [[kid, reason] as const]))),
    };
    this.#cached = cached;
    return cached;
  }

  /** The kid and why, never the key. */
  #warnOfSkipped(skipped: readonly SkippedKey[]): void {
    for (const { kid, reason } of skipped) {
      const name = `${kid ?? ''}\u0000${reason}`;
      if (this.#warned.has(name)) continue;
      if (this.#warned.size >= 1_000) this.#warned.clear();
      this.#warned.add(name);
      this.logger.warn("A key of the issuer's JSON Web Key Set is skipped: it cannot verify tokens", {
        jwksUri: locationOf(this.options.jwksUri),
        kid: kid === undefined ? '(none)' : kid.slice(0, 128),
        reason,
      });
    }
  }
}

function asInvalid(error: unknown, keySet: CachedKeySet, header: JWSHeaderParameters): InvalidToken {
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return new InvalidToken('Several keys in the issuer\'s key set match the token, which cannot tell them apart.', { cause: error });
  }
  const skipped = header.kid === undefined ? undefined : keySet.skipped.get(header.kid);
  if (skipped !== undefined) {
    return new InvalidToken(`The key the token names is one of the issuer's key set that is not used: ${skipped}.`, { cause: error });
  }
  return new InvalidToken('No key in the issuer\'s key set matches the token.', { cause: error });
}

/** The key set's URL without credentials or query, for a log line. */
function locationOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

async function resolveAndRemember(keySet: CachedKeySet, header: JWSHeaderParameters): Promise<VerificationKey> {
  const key = await keySet.resolve(header);
  keySet.resolved.set(resolvedKeyName(header), key);
  return key;
}

/** What jose's key set resolver selects by, and nothing else: the same name, the same key. */
function resolvedKeyName(header: JWSHeaderParameters): string {
  return `${String(header.alg)}\u0000${header.kid ?? ''}`;
}

/** A key set the issuer got wrong is not the token's fault: it never reaches the verifier as INVALID_TOKEN. */
function toKeyResolver(keys: JSONWebKeySet['keys']): KeyResolver {
  try {
    return createLocalJWKSet({ keys });
  } catch {
    throw unusableBody(KEY_SET, 'something that is not a JSON Web Key Set');
  }
}

function parseKeySet(body: string): { readonly keys: readonly unknown[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw unusableBody(KEY_SET, 'something that is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { keys?: unknown }).keys)) {
    throw unusableBody(KEY_SET, 'something that is not a JSON Web Key Set');
  }
  return parsed as { keys: unknown[] };
}

function outOfTime(): IdentityProviderUnavailable {
  return unavailable(KEY_SET, 'no answer within the deadline');
}
