import { expect } from 'chai';
import type { IdentityClaims } from '#application/ports/identity-claims.js';
import type { IdentityOutcome } from '#application/ports/identity-source.js';

/** The claims of an outcome that must be a recognised token; a rejection passes through. */
export async function claimsOf(outcome: Promise<IdentityOutcome>): Promise<IdentityClaims> {
  const settled = await outcome;
  if (!settled.recognised) expect.fail(`expected the source to recognise the token, it declined: ${settled.reason}`);
  return settled.claims;
}

/** Why the source declined the token; fails when it recognised it. */
export async function declineReasonOf(outcome: Promise<IdentityOutcome>): Promise<string> {
  const settled = await outcome;
  if (settled.recognised) expect.fail(`expected the source to decline the token, it recognised ${settled.claims.userId}`);
  return settled.reason;
}
