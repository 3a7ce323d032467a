import { randomBytes } from 'node:crypto';
import { AccessToken } from '#domain/access-token.js';
import { AccountLink, type AccountLinkSnapshot } from '#domain/account-link.js';
import type { LinkedTokens } from '#domain/linked-tokens.js';
import type { PendingAuthorization } from '#domain/pending-authorization.js';

/** When every mother's story starts; the pending request expires ten minutes later. */
export const LINKING_STARTED_AT = new Date('2030-01-01T10:00:00.000Z');
const later = (minutes: number): Date => new Date(LINKING_STARTED_AT.getTime() + minutes * 60_000);

let sequence = 0;

/** A fresh AccountAssociationId (alphanumerics only), unique across a test run. */
export function anAssociationId(): string {
  sequence += 1;
  return `assoc${sequence}x${randomBytes(6).toString('hex')}`;
}

export function aPendingAuthorization(overrides: Partial<PendingAuthorization> = {}): PendingAuthorization {
  return {
    state: `state-${randomBytes(16).toString('base64url')}`,
    codeVerifier: `verifier-${randomBytes(32).toString('base64url')}`,
    expiresAt: later(10),
    ...overrides,
  };
}

export function someTokens(overrides: Partial<LinkedTokens> = {}): LinkedTokens {
  return {
    accessToken: AccessToken.of(`access-${randomBytes(24).toString('base64url')}`),
    refreshToken: AccessToken.of(`refresh-${randomBytes(24).toString('base64url')}`),
    expiresAt: later(70),
    ...overrides,
  };
}

export interface LinkOptions {
  readonly associationId?: string;
  readonly userId?: string;
  readonly tokens?: LinkedTokens;
}

/** ASSOCIATION_IN_PROGRESS, waiting for the callback. */
export function aPendingLink(options: LinkOptions = {}): AccountLink {
  return AccountLink.start(options.associationId ?? anAssociationId(), aPendingAuthorization(), LINKING_STARTED_AT);
}

/** ASSOCIATION_IN_PROGRESS after the callback claimed the state: the code exchange is under way. */
export function aClaimedLink(options: LinkOptions = {}): AccountLink {
  const link = aPendingLink(options);
  const pending = link.pending;
  if (pending === undefined) throw new Error('a pending link has a pending authorization');
  link.claimCallback(pending.state, later(1), new Date(later(1).getTime() + 15_000));
  return link;
}

export function aSucceededLink(options: LinkOptions = {}): AccountLink {
  const link = aClaimedLink(options);
  link.succeed(options.userId ?? 'user-42', options.tokens ?? someTokens(), later(2));
  return link;
}

/** ASSOCIATION_SUCCEEDED with a relink round trip in flight. */
export function aRelinkingLink(options: LinkOptions = {}): AccountLink {
  const link = aSucceededLink(options);
  link.restartAuthorization(aPendingAuthorization({ expiresAt: later(40) }), later(30));
  return link;
}

export function aFailedLink(options: LinkOptions = {}): AccountLink {
  const link = aPendingLink(options);
  link.fail('The user denied access (access_denied).', later(1));
  return link;
}

export function aRefreshTokenExpiredLink(options: LinkOptions = {}): AccountLink {
  const link = aSucceededLink(options);
  link.markRefreshTokenExpired(later(100));
  return link;
}

export function aDeletingLink(options: LinkOptions = {}): AccountLink {
  const link = aSucceededLink(options);
  link.beginDeletion(later(200));
  return link;
}

/**
 * A snapshot with the tokens revealed. AccessToken keeps its value in a private field that deep equality
 * cannot see, so comparing raw snapshots would call any two tokens equal.
 */
export function comparable(link: AccountLink): Omit<AccountLinkSnapshot, 'tokens'> & { tokens?: object } {
  const { tokens, ...rest } = link.toSnapshot();
  return {
    ...rest,
    tokens:
      tokens === undefined
        ? undefined
        : { accessToken: tokens.accessToken.reveal(), refreshToken: tokens.refreshToken?.reveal(), expiresAt: tokens.expiresAt },
  };
}
