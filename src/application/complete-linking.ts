import { AccountLink, AUTHORIZATION_EXPIRED, type AccountLinkSnapshot } from '../domain/account-link.js';
import { DomainError } from '../domain/errors/domain-error.js';
import { LinkingFailed } from '../domain/errors/linking-failed.js';
import { toErrorMessage } from '../domain/error-message.js';
import type { LinkedTokens } from '../domain/linked-tokens.js';
import type { SecretValue } from '../domain/secret-value.js';
import { AuthorizationRequest } from './authorization-request.js';
import { Deadline } from './deadline.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';
import type { Clock } from './ports/clock.js';
import type { ConnectorClient } from './ports/connector-client.js';
import type { IdTokenVerifier } from './ports/id-token-verifier.js';
import type { Logger } from './ports/logger.js';
import type { TokenExchanger } from './ports/token-exchanger.js';
import type { TokenRevoker, TokenTypeHint } from './ports/token-revoker.js';

/** The query of the platform's redirect to our callback, as received. */
export interface CallbackInput {
  readonly state?: string | undefined;
  readonly code?: string | undefined;
  readonly error?: string | undefined;
  readonly errorDescription?: string | undefined;
}

export interface CallbackOutcome {
  /** Where to send the end user: the OAuthRedirectUrl, with `error` and `error_description` on failure. */
  readonly redirectTo: string;
  readonly associationId: string | undefined;
  readonly succeeded: boolean;
}

export interface CompleteLinkingOptions {
  /** The customer application's page (`C2C_OAUTH_REDIRECT_URL`). */
  readonly oauthRedirectUrl: string;
  /** Public URL of our callback, sent again as `redirect_uri` in the exchange. */
  readonly callbackUrl: string;
  /** Budget for the code exchange and the activation together, and again for revoking unkept tokens. Default 10 seconds. */
  readonly deadlineMs?: number;
  /**
   * How long past `deadlineMs` a claimed callback may take to store its outcome (the final write, a paused
   * process, clocks of other processes a little ahead) before its claim counts as abandoned. Default 5 seconds.
   */
  readonly claimMarginMs?: number;
}

export const DEFAULT_CLAIM_MARGIN_MS = 5_000;

interface Failure {
  readonly error: string;
  readonly description: string;
}

/** What the exchange answered, and the nonce its ID token must carry. */
interface Exchanged {
  readonly tokens: LinkedTokens;
  readonly idToken: SecretValue | undefined;
  readonly nonce: string | undefined;
}

/** What became of the tokens an exchange obtained. `recorded`: the failure is on the association already, or cannot be. */
type Keeping = { readonly kept: true } | { readonly kept: false; readonly failure: Failure; readonly recorded: boolean };

const UNEXPECTED: Failure = { error: 'server_error', description: 'The account link could not be completed' };
const STORE_UNAVAILABLE: Failure = { error: 'temporarily_unavailable', description: 'The account link store is unavailable' };

/**
 * The callback: checks the single-use state, exchanges the code (at most once, however many callbacks
 * race), has the connector activate the user, stores the outcome and says where to send the user.
 * Only a callback that carries an association's valid state may change that association. A completed
 * callback costs the store two conditional writes (claim, outcome) when the repository claims in one write
 * (`claimPending`), and a read and two writes otherwise.
 *
 * Once the platform has sent the user back, every outcome is the redirect, whatever fails (a relink by
 * another user, a concurrent refresh or delete, the store, a bug); the association records the failure
 * when it can be written. Tokens obtained by an exchange whose result is not kept are revoked. The claim
 * carries a deadline (`deadlineMs` plus `claimMarginMs`): a claimant past it stores a failure, never its
 * result, and `AccountLink.expireAbandoned` ends a claim whose claimant died.
 */
export class CompleteLinking {
  constructor(
    private readonly links: AccountLinkRepository,
    private readonly exchanger: TokenExchanger,
    private readonly connector: ConnectorClient,
    private readonly idTokens: IdTokenVerifier,
    private readonly revoker: TokenRevoker,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: CompleteLinkingOptions,
  ) {}

  async execute(input: CallbackInput): Promise<CallbackOutcome> {
    const associationId = AuthorizationRequest.associationIdOf(input.state ?? '');
    try {
      return await this.#complete(input, associationId);
    } catch (error) {
      // A store that cannot be read or written leaves the association as stored: its state works again later.
      const unavailable = isStoreUnavailable(error);
      this.logger[unavailable ? 'warn' : 'error']('The callback failed before it could complete', { associationId, ...describe(error) });
      return unavailable ? this.#failed(associationId, STORE_UNAVAILABLE) : this.unexpectedOutcome(associationId);
    }
  }

  /** The redirect for a failure nothing above foresaw: where a caller of `execute` goes should even that throw. */
  unexpectedOutcome(associationId?: string): CallbackOutcome {
    return this.#failed(associationId, UNEXPECTED);
  }

  get #deadlineMs(): number {
    return this.options.deadlineMs ?? 10_000;
  }

  #claimDeadline(now: Date): Date {
    return new Date(now.getTime() + this.#deadlineMs + (this.options.claimMarginMs ?? DEFAULT_CLAIM_MARGIN_MS));
  }

  async #complete(input: CallbackInput, associationId: string | undefined): Promise<CallbackOutcome> {
    const state = input.state ?? '';
    const { code } = input;
    if (associationId !== undefined && input.error === undefined && code !== undefined && code !== '' && this.links.claimPending !== undefined) {
      // The common callback: claim in one conditional write, which answers the verifier too (no read first).
      const now = this.clock.now();
      const claimed = await this.links.claimPending(associationId, state, now, this.#claimDeadline(now));
      if (claimed !== undefined) return this.#exchangeAndActivate(claimed.link, code, claimed.codeVerifier, claimed.nonce);
      // Nothing to claim: unknown, used, forged or expired. The read below tells which.
    }
    const link = associationId === undefined ? undefined : await this.links.findById(associationId);
    if (link === undefined || !link.holdsPendingState(state)) {
      return this.#failed(associationId, { error: 'invalid_request', description: 'The state is unknown or was already used' });
    }

    const readVersion = link.version;
    const now = this.clock.now();
    if (!link.isAwaitingCallback(now)) {
      return this.#record(link, readVersion, { error: 'invalid_request', description: 'The authorization request expired' });
    }
    const nonce = link.pending?.nonce;
    const codeVerifier = link.claimCallback(state, now, this.#claimDeadline(now));
    if (input.error !== undefined) {
      const error = oauthErrorCode(input.error);
      return this.#record(link, readVersion, {
        error,
        description: toErrorMessage(input.errorDescription ?? `The platform answered ${error}`),
      });
    }
    if (input.code === undefined || input.code === '') {
      return this.#record(link, readVersion, { error: 'invalid_request', description: 'The callback carries no code' });
    }

    try {
      await this.links.save(link, readVersion);
    } catch (error) {
      if (isConcurrentChange(error)) {
        return this.#failed(link.associationId, { error: 'invalid_request', description: 'The state was already used' });
      }
      throw error;
    }
    return this.#exchangeAndActivate(link, input.code, codeVerifier, nonce);
  }

  async #exchangeAndActivate(link: AccountLink, code: string, codeVerifier: string, nonce: string | undefined): Promise<CallbackOutcome> {
    const claimed = link.toSnapshot();
    const deadline = Deadline.in(this.#deadlineMs, this.clock);
    let tokens: LinkedTokens;
    let idToken: SecretValue | undefined;
    try {
      ({ idToken, ...tokens } = await this.exchanger.exchange({ code, codeVerifier, redirectUri: this.options.callbackUrl }, deadline));
    } catch (error) {
      return this.#record(link, claimed.version, failureOf(error, 'The code exchange failed'));
    }
    let keeping: Keeping;
    try {
      keeping = await this.#keep(link, claimed, { tokens, idToken, nonce }, deadline);
    } catch (error) {
      // A bug, most likely: whatever it was, these tokens are not known to be kept.
      this.logger.error('The callback failed after the code exchange', { associationId: link.associationId, ...describe(error) });
      keeping = notKept(failureOf(error, 'The account link could not be completed'));
    }
    if (keeping.kept) return { redirectTo: this.options.oauthRedirectUrl, associationId: link.associationId, succeeded: true };
    // Every step after the exchange may have changed `link`: the failure is written over the claim as stored.
    const outcome = keeping.recorded
      ? this.#failed(link.associationId, keeping.failure)
      : await this.#record(AccountLink.fromSnapshot(claimed), claimed.version, keeping.failure).catch(() => this.#failed(link.associationId, keeping.failure));
    await this.#revoke(tokens, link.associationId);
    return outcome;
  }

  /**
   * Checks the ID token, activates the user and stores the link with the tokens, unless something says the
   * result must not be kept.
   */
  async #keep(link: AccountLink, claimed: AccountLinkSnapshot, exchanged: Exchanged, deadline: Deadline): Promise<Keeping> {
    const { tokens, idToken, nonce } = exchanged;
    // Checked, never kept: the ID token goes no further than this.
    try {
      await this.idTokens.verify(idToken, { nonce }, deadline);
    } catch (error) {
      return notKept(failureOf(error, 'The ID token was refused'));
    }
    let userId: string;
    try {
      ({ userId } = await this.connector.activateUser(tokens.accessToken, deadline));
    } catch (error) {
      return notKept(failureOf(error, 'The connector could not activate the user'));
    }
    const now = this.clock.now();
    const claimExpiresAt = link.claimExpiresAt;
    if (claimExpiresAt !== undefined && claimExpiresAt.getTime() <= now.getTime()) {
      // Too late: a reader may already have reported the association failed (and stored it so).
      return notKept({ error: 'temporarily_unavailable', description: AUTHORIZATION_EXPIRED });
    }
    if (link.userId !== undefined && link.userId !== userId) {
      return notKept({ error: 'access_denied', description: 'The platform account is not the one this association is linked to' });
    }
    try {
      link.succeed(userId, tokens, now);
    } catch (error) {
      return notKept(failureOf(error, 'The connector named a user that cannot be linked'));
    }
    try {
      await this.links.save(link, claimed.version);
      return { kept: true };
    } catch (error) {
      // A refresh or a deletion got there first: the association is theirs now, and says so itself.
      if (isConcurrentChange(error)) {
        return { kept: false, failure: { error: 'invalid_request', description: 'The association changed while it was being linked' }, recorded: true };
      }
      if (!isStoreUnavailable(error)) throw error;
      return this.#afterFailedWrite(claimed, tokens);
    }
  }

  /**
   * The final write failed, perhaps after the store applied it (a lost answer). A failure written over the
   * claim proves it did not; a claim already gone is read back to see whether it holds these tokens.
   */
  async #afterFailedWrite(claimed: AccountLinkSnapshot, tokens: LinkedTokens): Promise<Keeping> {
    const failed = AccountLink.fromSnapshot(claimed);
    failed.fail(STORE_UNAVAILABLE.description, this.clock.now());
    try {
      await this.links.save(failed, claimed.version);
      return { kept: false, failure: STORE_UNAVAILABLE, recorded: true };
    } catch (error) {
      if (!isConcurrentChange(error)) return { kept: false, failure: STORE_UNAVAILABLE, recorded: true };
    }
    const stored = await this.links.findById(claimed.associationId).catch(() => undefined);
    if (stored?.tokens?.accessToken.equals(tokens.accessToken) === true) return { kept: true };
    return { kept: false, failure: STORE_UNAVAILABLE, recorded: true };
  }

  /** RFC 7009, refresh token first. A failure is logged and changes nothing for the user. */
  async #revoke(tokens: LinkedTokens, associationId: string): Promise<void> {
    const deadline = Deadline.in(this.#deadlineMs, this.clock);
    const toRevoke: [TokenTypeHint, LinkedTokens['refreshToken']][] = [
      ['refresh_token', tokens.refreshToken],
      ['access_token', tokens.accessToken],
    ];
    for (const [hint, token] of toRevoke) {
      if (token === undefined) continue;
      try {
        await this.revoker.revoke(token, hint, deadline);
      } catch (error) {
        this.logger.warn('A token of an exchange whose result was not kept could not be revoked', { associationId, hint, ...describe(error) });
      }
    }
  }

  /** Marks the association failed (when no concurrent request got there first) and reports the failure. */
  async #record(link: AccountLink, expectedVersion: number, failure: Failure): Promise<CallbackOutcome> {
    link.fail(failure.description, this.clock.now());
    try {
      await this.links.save(link, expectedVersion);
    } catch (error) {
      if (!isConcurrentChange(error)) throw error;
    }
    return this.#failed(link.associationId, failure);
  }

  #failed(associationId: string | undefined, failure: Failure): CallbackOutcome {
    const url = new URL(this.options.oauthRedirectUrl);
    url.searchParams.set('error', failure.error);
    url.searchParams.set('error_description', toErrorMessage(failure.description));
    return { redirectTo: url.toString(), associationId, succeeded: false };
  }
}

function notKept(failure: Failure): Keeping {
  return { kept: false, failure, recorded: false };
}

function failureOf(error: unknown, step: string): Failure {
  if (error instanceof LinkingFailed) return { error: error.oauthError, description: `${step}: ${error.message}` };
  if (error instanceof DomainError) {
    const oauthError = error.code === 'IDENTITY_PROVIDER_UNAVAILABLE' ? 'temporarily_unavailable' : 'server_error';
    return { error: oauthError, description: `${step}: ${error.code}` };
  }
  return { error: 'server_error', description: step };
}

function isConcurrentChange(error: unknown): boolean {
  return error instanceof DomainError && error.code === 'ASSOCIATION_MODIFIED_CONCURRENTLY';
}

function isStoreUnavailable(error: unknown): boolean {
  return error instanceof DomainError && error.code === 'PERSISTENCE_UNAVAILABLE';
}

/** What a log line may say of an error: its name and code, never its message (a library's may hold a token). */
function describe(error: unknown): { errorName: string; errorCode?: string } {
  if (error instanceof DomainError) return { errorName: error.name, errorCode: error.code };
  return { errorName: error instanceof Error ? error.name : typeof error };
}

/** RFC 6749 §8.5 `error-name`, at a length no registered or extension code comes near. */
const OAUTH_ERROR_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The platform's `error` value as we pass it on to the customer's page: as it is when it is an error name,
 * else `server_error`. Never a cleaned-up remnant, which could read as another code.
 */
function oauthErrorCode(value: string): string {
  return OAUTH_ERROR_NAME.test(value) ? value : 'server_error';
}
