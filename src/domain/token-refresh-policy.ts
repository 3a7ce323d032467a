import type { LinkedTokens } from './linked-tokens.js';

const DAY_MS = 86_400_000;

/** What to do with an association's tokens before an operation is sent with them. */
export type RefreshDecision =
  /** The access token is good for the operation. */
  | { readonly kind: 'use' }
  /**
   * Renew with the refresh token first. `accessTokenUsable`: the current access token has not expired yet
   * (it is within the margin, or the renewal is proactive), so it may still be sent when the refresh cannot be
   * made right now.
   */
  | { readonly kind: 'refresh'; readonly why: 'expired' | 'expiring' | 'proactive'; readonly accessTokenUsable: boolean }
  /** Nothing can renew the expired access token: no refresh token, or one past its known expiry. */
  | { readonly kind: 'expired' };

export interface TokenRefreshPolicyOptions {
  /** An access token that expires within this is renewed before use (`C2C_TOKEN_REFRESH_MARGIN_S`). */
  readonly marginMs: number;
  /**
   * The destination's `proactiveRefreshTokenRenewal`, when `enabled`: renew this many days before the refresh
   * token expires (`DaysBeforeRenewal`), when the platform reports its lifetime.
   */
  readonly proactiveRenewal?: { readonly daysBeforeRenewal: number } | undefined;
}

/**
 * When managed integrations renews a link's tokens. An access token whose expiry is unknown (the platform sent
 * no `expires_in`) is used as it is: the platform's refusal is the only signal there is.
 */
export class TokenRefreshPolicy {
  constructor(private readonly options: TokenRefreshPolicyOptions) {}

  decide(tokens: LinkedTokens, now: Date): RefreshDecision {
    const at = now.getTime();
    const accessExpiry = tokens.expiresAt?.getTime();
    const refreshExpiry = tokens.refreshExpiresAt?.getTime();
    const canRefresh = tokens.refreshToken !== undefined && (refreshExpiry === undefined || refreshExpiry > at);
    const accessExpired = accessExpiry !== undefined && accessExpiry <= at;

    if (accessExpired) return canRefresh ? { kind: 'refresh', why: 'expired', accessTokenUsable: false } : { kind: 'expired' };
    if (!canRefresh) return { kind: 'use' };
    if (accessExpiry !== undefined && accessExpiry - at <= this.options.marginMs) {
      return { kind: 'refresh', why: 'expiring', accessTokenUsable: true };
    }
    if (this.#renewsProactively(tokens, at)) return { kind: 'refresh', why: 'proactive', accessTokenUsable: true };
    return { kind: 'use' };
  }

  /**
   * Inside the renewal window, once per grant: tokens obtained inside the window already came from a renewal
   * (one that did not extend the refresh token), and asking again would only repeat it on every operation.
   */
  #renewsProactively(tokens: LinkedTokens, at: number): boolean {
    const renewal = this.options.proactiveRenewal;
    const refreshExpiry = tokens.refreshExpiresAt?.getTime();
    if (renewal === undefined || refreshExpiry === undefined) return false;
    const windowOpensAt = refreshExpiry - renewal.daysBeforeRenewal * DAY_MS;
    if (at < windowOpensAt) return false;
    const obtainedAt = tokens.obtainedAt?.getTime();
    return obtainedAt === undefined || obtainedAt < windowOpensAt;
  }
}
