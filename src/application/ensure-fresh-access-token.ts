import type { AccessToken } from '../domain/access-token.js';
import type { AccountLink } from '../domain/account-link.js';
import { assertAssociationId } from '../domain/association-id.js';
import { DomainError } from '../domain/errors/domain-error.js';
import { AssociationNotFound } from '../domain/errors/association-not-found.js';
import { IdentityProviderUnavailable } from '../domain/errors/identity-provider-unavailable.js';
import { IllegalAssociationTransition } from '../domain/errors/illegal-association-transition.js';
import { LinkingFailed } from '../domain/errors/linking-failed.js';
import { RefreshTokenExpired } from '../domain/errors/refresh-token-expired.js';
import type { LinkedTokens } from '../domain/linked-tokens.js';
import type { RefreshDecision, TokenRefreshPolicy } from '../domain/token-refresh-policy.js';
import { Deadline } from './deadline.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';
import type { Clock } from './ports/clock.js';
import type { SecretGenerator } from './ports/secret-generator.js';
import type { TokenRefresher } from './ports/token-refresher.js';

export interface EnsureFreshAccessTokenOptions {
  /** Budget of one call: the refresh grant, or the wait for another process's. Default 10 seconds. */
  readonly deadlineMs?: number;
  /** How long a refresh lease holds before another process may take it over. Default the budget plus 5 seconds. */
  readonly leaseMs?: number;
  /** How often a process that waits for another's refresh reads the link again. Default 100 ms. */
  readonly pollMs?: number;
}

export interface FreshAccessTokenInput {
  readonly associationId: string;
  /** The caller's budget, when it has one; else the use case's own. */
  readonly deadline?: Deadline;
}

/** Writes that lose a compare-and-set to an unrelated change (a rename, say) are tried again this many times. */
const MAX_SETTLE_ATTEMPTS = 5;

/**
 * The access token the emulated managed-integrations side sends with an operation for an association,
 * renewed first when the policy says so (expired, about to expire, or proactive renewal) with the
 * `refresh_token` grant. Each renewal is spent once, however many need it:
 * - in this process, concurrent calls for one association share one call (a map of promises in flight);
 * - across processes sharing the store, the one that writes a refresh lease on the link by compare-and-set
 *   makes the grant; the others read the link again until the new tokens are there (or send the current
 *   access token while it has not expired), within the deadline.
 * The rotated refresh token is stored by compare-and-set. A refresh token the platform refuses
 * (`invalid_grant`), or an expired access token with nothing to renew it, moves the association to
 * REFRESH_TOKEN_EXPIRED with an ErrorMessage and fails with RefreshTokenExpired.
 */
export class EnsureFreshAccessToken {
  readonly #inFlight = new Map<string, Promise<AccessToken>>();

  constructor(
    private readonly links: AccountLinkRepository,
    private readonly refresher: TokenRefresher,
    private readonly secrets: SecretGenerator,
    private readonly clock: Clock,
    private readonly policy: TokenRefreshPolicy,
    private readonly options: EnsureFreshAccessTokenOptions = {},
  ) {}

  /**
   * @throws AssociationNotFound; RefreshTokenExpired; IllegalAssociationTransition for an association that is
   * not linked; IdentityProviderUnavailable when the platform (or another process's refresh) does not answer
   * within the deadline; LinkingFailed when the platform refuses the grant for another reason than the token.
   */
  execute(input: FreshAccessTokenInput): Promise<AccessToken> {
    const associationId = assertAssociationId(input.associationId);
    const deadline = input.deadline ?? Deadline.in(this.#budgetMs, this.clock);
    const shared = this.#inFlight.get(associationId);
    if (shared !== undefined) return deadline.race(shared, () => outOfTime('The token refresh'));
    const work = this.#current(associationId, deadline).finally(() => this.#inFlight.delete(associationId));
    this.#inFlight.set(associationId, work);
    return work;
  }

  get #budgetMs(): number {
    return this.options.deadlineMs ?? 10_000;
  }

  async #current(associationId: string, deadline: Deadline): Promise<AccessToken> {
    for (;;) {
      const link = await this.links.findById(associationId);
      if (link === undefined) throw new AssociationNotFound(associationId);
      const tokens = linkedTokensOf(link);
      const now = this.clock.now();
      const decision = this.policy.decide(tokens, now);
      if (decision.kind === 'use') return tokens.accessToken;
      if (decision.kind === 'expired') {
        await this.#settle(link, undefined, (current, at) =>
          current.markRefreshTokenExpired(at, 'The access token expired and the platform issued no refresh token to renew it'),
        );
        throw new RefreshTokenExpired(associationId);
      }
      if (link.isBeingRefreshed(now)) {
        // Another process is spending the refresh token: never a second grant, which rotation would punish.
        if (decision.accessTokenUsable) return tokens.accessToken;
        if (!(await deadline.pause(this.options.pollMs ?? 100))) throw outOfTime("Another process's token refresh");
        continue;
      }
      const holder = this.secrets.state();
      const readVersion = link.version;
      link.takeRefreshLease(holder, new Date(now.getTime() + (this.options.leaseMs ?? this.#budgetMs + 5_000)), now);
      if (!(await this.#saved(link, readVersion))) continue;
      return this.#refresh(link, holder, tokens, decision, deadline);
    }
  }

  async #refresh(link: AccountLink, holder: string, tokens: LinkedTokens, decision: RefreshDecision, deadline: Deadline): Promise<AccessToken> {
    let granted: LinkedTokens;
    try {
      // linkedTokensOf and the policy only ask for a refresh when there is a refresh token.
      granted = await this.refresher.refresh(tokens.refreshToken!, deadline);
    } catch (error) {
      if (error instanceof LinkingFailed && error.oauthError === 'invalid_grant') {
        await this.#settle(link, holder, (current, at) =>
          current.markRefreshTokenExpired(at, 'The platform refused the refresh token invalid_grant relink with StartAccountAssociationRefresh'),
        );
        throw new RefreshTokenExpired(link.associationId);
      }
      await this.#settle(link, holder, (current, at) => current.releaseRefreshLease(at)).catch(() => undefined);
      if (decision.kind === 'refresh' && decision.accessTokenUsable) return tokens.accessToken;
      throw error;
    }
    await this.#settle(link, holder, (current, at) => current.renewTokens(granted, at));
    return granted.accessToken;
  }

  /**
   * Applies `change` to the link and stores it by compare-and-set: first to the copy in hand, then, after a
   * lost race, to the link read again, as long as it still is in the state the change expects (`holder`'s
   * lease still on it, when given). Answers false when the link moved on (relinked, deleted, renewed by
   * another): the change no longer applies.
   */
  async #settle(link: AccountLink, holder: string | undefined, change: (current: AccountLink, now: Date) => void): Promise<boolean> {
    let current: AccountLink | undefined = link;
    for (let attempt = 1; ; attempt += 1) {
      if (current === undefined || current.state !== 'ASSOCIATION_SUCCEEDED') return false;
      if (holder !== undefined && !current.holdsRefreshLease(holder)) return false;
      const readVersion = current.version;
      change(current, this.clock.now());
      if (await this.#saved(current, readVersion)) return true;
      if (attempt === MAX_SETTLE_ATTEMPTS) return false;
      current = await this.links.findById(link.associationId);
    }
  }

  /** False when another write got there first. */
  async #saved(link: AccountLink, readVersion: number): Promise<boolean> {
    try {
      await this.links.save(link, readVersion);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'ASSOCIATION_MODIFIED_CONCURRENTLY') return false;
      throw error;
    }
  }
}

function linkedTokensOf(link: AccountLink): LinkedTokens {
  if (link.state === 'REFRESH_TOKEN_EXPIRED') throw new RefreshTokenExpired(link.associationId);
  const tokens = link.tokens;
  if (link.state !== 'ASSOCIATION_SUCCEEDED' || tokens === undefined) {
    throw new IllegalAssociationTransition(link.associationId, link.state, 'be used for an operation');
  }
  return tokens;
}

function outOfTime(what: string): IdentityProviderUnavailable {
  return new IdentityProviderUnavailable(`${what} did not finish within the deadline.`);
}
