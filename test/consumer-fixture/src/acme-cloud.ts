import type { Deadline } from 'c2c-account-linking';

export interface AcmeAccount {
  readonly accountNumber: string;
  readonly status: 'active' | 'closed';
}

/** How a call authenticates at Acme: the user's bearer token (OAuth2.0), or their account's API key (General Authorization). */
export type AcmeCredential = { readonly bearerToken: string } | { readonly apiKey: string };

/** Acme's cloud API, as far as this connector needs it: an HTTP client in production, a stub in the tests. */
export interface AcmeCloud {
  /** The account a bearer token belongs to; undefined when Acme does not know the token. */
  accountOf(bearerToken: string, deadline: Deadline): Promise<AcmeAccount | undefined>;
  /** The account an API key belongs to; undefined when Acme does not know the key. */
  accountOfApiKey(apiKey: string, deadline: Deadline): Promise<AcmeAccount | undefined>;
  sendCommand(
    credential: AcmeCredential,
    accountNumber: string,
    deviceId: string,
    command: string,
    deadline: Deadline,
  ): Promise<'sent' | 'unknown-device'>;
}
