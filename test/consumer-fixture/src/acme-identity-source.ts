import type { AccessToken, Deadline, IdentityClaims, IdentityOutcome, IdentitySource, SecretCredential } from 'c2c-account-linking';
import type { AcmeAccount, AcmeCloud } from './acme-cloud.js';

/** Whether an Acme account is someone the connector may activate, and as whom. */
export function identificationOf(account: AcmeAccount | undefined): IdentityOutcome {
  if (account === undefined) return { recognised: false, reason: 'Acme does not know this token' };
  if (account.status === 'closed') return { recognised: false, reason: 'the Acme account is closed' };
  const claims: IdentityClaims = {
    userId: `acme.${account.accountNumber}`,
    issuer: 'https://api.acme.example',
    subject: account.accountNumber,
    source: 'acme',
  };
  return { recognised: true, claims };
}

/** Acme's accounts as an identity source, registered under the name `acme`. */
export class AcmeIdentitySource implements IdentitySource {
  constructor(private readonly cloud: AcmeCloud) {}

  async identify(token: AccessToken, deadline: Deadline): Promise<IdentityOutcome> {
    return identificationOf(await this.cloud.accountOf(token.reveal(), deadline));
  }

  /** General Authorization: the secret the request names holds the account's API key, `{"apiKey": "..."}`. */
  async identifyCredential(credential: SecretCredential, deadline: Deadline): Promise<IdentityOutcome> {
    const apiKey = credential.secret.field('apiKey');
    if (apiKey === undefined) return { recognised: false, reason: 'the secret holds no apiKey' };
    return identificationOf(await this.cloud.accountOfApiKey(apiKey.reveal(), deadline));
  }
}
