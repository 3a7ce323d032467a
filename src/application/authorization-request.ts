import { AccountLink } from '../domain/account-link.js';
import type { PendingAuthorization } from '../domain/pending-authorization.js';
import type { Clock } from './ports/clock.js';
import type { SecretGenerator } from './ports/secret-generator.js';

export interface AuthorizationRequestOptions {
  /** The platform's authorization endpoint (`C2C_AUTHORIZATION_URL`). */
  readonly authorizationUrl: string;
  readonly clientId: string;
  /** Public URL of our callback (`C2C_CALLBACK_URL`), sent as `redirect_uri`. */
  readonly callbackUrl: string;
  /** Space-separated scopes (`C2C_SCOPE`). */
  readonly scope: string;
  /** How long a started authorization may take. Default 10 minutes. */
  readonly pendingTtlMs?: number;
  /**
   * Further parameters of every authorization URL (`C2C_AUTHORIZATION_PARAMS`), in order, a name possibly
   * repeated (`resource`). Never one of OWNED_AUTHORIZATION_PARAMETERS: those are set here.
   */
  readonly additionalParameters?: readonly (readonly [name: string, value: string])[];
}

/** The authorization request parameters this class sets, which configuration may not set or override. */
export const OWNED_AUTHORIZATION_PARAMETERS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'nonce',
] as const;

const STATE_SEPARATOR = '.';

/** Builds the OAuthAuthorizationUrl of one round trip and the pending authorization that goes with it. */
export class AuthorizationRequest {
  constructor(
    private readonly secrets: SecretGenerator,
    private readonly clock: Clock,
    private readonly options: AuthorizationRequestOptions,
  ) {}

  /**
   * A new round trip for `associationId`. Its `state` names the association, so the callback can find it;
   * with `openid` in the scope it carries a fresh `nonce` (drawn like a state), which its ID token must repeat.
   */
  create(associationId: string): { readonly pending: PendingAuthorization; readonly url: string } {
    const pkce = this.secrets.pkce();
    const state = `${associationId}${STATE_SEPARATOR}${this.secrets.state()}`;
    const nonce = this.options.scope.split(/\s+/).includes('openid') ? this.secrets.state() : undefined;
    const expiresAt = new Date(this.clock.now().getTime() + (this.options.pendingTtlMs ?? 10 * 60_000));
    const url = new URL(this.options.authorizationUrl);
    for (const [name, value] of this.options.additionalParameters ?? []) url.searchParams.append(name, value);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('redirect_uri', this.options.callbackUrl);
    url.searchParams.set('scope', this.options.scope);
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', pkce.challenge);
    url.searchParams.set('code_challenge_method', 'S256');
    if (nonce !== undefined) url.searchParams.set('nonce', nonce);
    const pending = { state, codeVerifier: pkce.verifier, ...(nonce === undefined ? {} : { nonce }), expiresAt };
    return { pending, url: url.toString() };
  }

  /** The association a callback's `state` names, if it names one at all. */
  static associationIdOf(state: string): string | undefined {
    const index = state.indexOf(STATE_SEPARATOR);
    if (index <= 0) return undefined;
    const candidate = state.slice(0, index);
    return AccountLink.isAssociationId(candidate) ? candidate : undefined;
  }
}
