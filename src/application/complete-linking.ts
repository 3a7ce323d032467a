import type { AccountLink } from '../domain/account-link.js';
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
import type { TokenExchanger } from './ports/token-exchanger.js';

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
  /** Budget for the code exchange and the activation together. Default 10 seconds. */
  readonly deadlineMs?: number;
}

interface Failure {
  readonly error: string;
  readonly description: string;
}

/**
 * The callback: checks the single-use state, exchanges the code (at most once, however many callbacks
 * race), has the connector activate the user, stores the outcome and says where to send the user.
 * Only a callback that carries an association's valid state may change that association. A completed
 * callback costs the store two conditional writes (claim, outcome) when the repository claims in one write
 * (`claimPending`), and a read and two writes otherwise.
 */
export class CompleteLinking {
  constructor(
    private readonly links: AccountLinkRepository,
    private readonly exchanger: TokenExchanger,
    private readonly connector: ConnectorClient,
    private readonly idTokens: IdTokenVerifier,
    private readonly clock: Clock,
    private readonly options: CompleteLinkingOptions,
  ) {}

  /**
   * A store that cannot be read or written (PERSISTENCE_UNAVAILABLE) is not thrown at the user's browser: it
   * is the error redirect with `temporarily_unavailable`, the association left as it was stored.
   */
  async execute(input: CallbackInput): Promise<CallbackOutcome> {
    const associationId = AuthorizationRequest.associationIdOf(input.state ?? '');
    try {
      return await this.#complete(input, associationId);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'PERSISTENCE_UNAVAILABLE')) throw error;
      return this.#failed(associationId, { error: 'temporarily_unavailable', description: 'The account link store is unavailable' });
    }
  }

  async #complete(input: CallbackInput, associationId: string | undefined): Promise<CallbackOutcome> {
    const state = input.state ?? '';
    const { code } = input;
    if (associationId !== undefined && input.error === undefined && code !== undefined && code !== '' && this.links.claimPending !== undefined) {
      // The common callback: claim in one conditional write, which answers the verifier too (no read first).
      const claimed = await this.links.claimPending(associationId, state, this.clock.now());
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
    const codeVerifier = link.claimCallback(state, now);
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
      if (error instanceof DomainError && error.code === 'ASSOCIATION_MODIFIED_CONCURRENTLY') {
        return this.#failed(link.associationId, { error: 'invalid_request', description: 'The state was already used' });
      }
      throw error;
    }
    return this.#exchangeAndActivate(link, input.code, codeVerifier, nonce);
  }

  async #exchangeAndActivate(link: AccountLink, code: string, codeVerifier: string, nonce: string | undefined): Promise<CallbackOutcome> {
    const claimedVersion = link.version;
    const deadline = Deadline.in(this.options.deadlineMs ?? 10_000, this.clock);
    let userId: string;
    let tokens: LinkedTokens;
    let idToken: SecretValue | undefined;
    try {
      ({ idToken, ...tokens } = await this.exchanger.exchange({ code, codeVerifier, redirectUri: this.options.callbackUrl }, deadline));
    } catch (error) {
      return this.#record(link, claimedVersion, failureOf(error, 'The code exchange failed'));
    }
    // Checked, never kept: the ID token goes no further than this.
    try {
      await this.idTokens.verify(idToken, { nonce }, deadline);
    } catch (error) {
      return this.#record(link, claimedVersion, failureOf(error, 'The ID token was refused'));
    }
    try {
      ({ userId } = await this.connector.activateUser(tokens.accessToken, deadline));
    } catch (error) {
      return this.#record(link, claimedVersion, failureOf(error, 'The connector could not activate the user'));
    }
    link.succeed(userId, tokens, this.clock.now());
    await this.links.save(link, claimedVersion);
    return { redirectTo: this.options.oauthRedirectUrl, associationId: link.associationId, succeeded: true };
  }

  /** Marks the association failed (when no concurrent request got there first) and reports the failure. */
  async #record(link: AccountLink, expectedVersion: number, failure: Failure): Promise<CallbackOutcome> {
    link.fail(failure.description, this.clock.now());
    try {
      await this.links.save(link, expectedVersion);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'ASSOCIATION_MODIFIED_CONCURRENTLY')) throw error;
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

function failureOf(error: unknown, step: string): Failure {
  if (error instanceof LinkingFailed) return { error: error.oauthError, description: `${step}: ${error.message}` };
  if (error instanceof DomainError) {
    const oauthError = error.code === 'IDENTITY_PROVIDER_UNAVAILABLE' ? 'temporarily_unavailable' : 'server_error';
    return { error: oauthError, description: `${step}: ${error.code}` };
  }
  return { error: 'server_error', description: step };
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
