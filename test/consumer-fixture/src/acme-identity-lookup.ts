import { InvalidToken, type AccessToken, type Deadline, type IdentityClaims, type IdentityLookup } from 'c2c-account-linking';
import type { AcmeAccount, AcmeCloud } from './acme-cloud.js';

/** Whether an Acme account is someone the connector may activate, and as whom. */
export type AcmeIdentification =
  | { readonly recognised: true; readonly claims: IdentityClaims }
  | { readonly recognised: false; readonly reason: string };

export function identificationOf(account: AcmeAccount | undefined): AcmeIdentification {
  if (account === undefined) return { recognised: false, reason: 'Acme does not know this token.' };
  if (account.status === 'closed') return { recognised: false, reason: 'The Acme account is closed.' };
  const claims: IdentityClaims = {
    userId: `acme.${account.accountNumber}`,
    issuer: 'https://api.acme.example',
    subject: account.accountNumber,
    source: 'acme',
  };
  return { recognised: true, claims };
}

/** Acme's accounts as the connector's identity lookup (registered as `ports.identityLookup`). */
export class AcmeIdentityLookup implements IdentityLookup {
  constructor(private readonly cloud: AcmeCloud) {}

  async lookup(token: AccessToken, deadline: Deadline): Promise<IdentityClaims> {
    const identification = identificationOf(await this.cloud.accountOf(token.reveal(), deadline));
    if (!identification.recognised) throw new InvalidToken(identification.reason);
    return identification.claims;
  }
}
