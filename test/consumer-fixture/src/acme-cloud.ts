import type { Deadline } from 'c2c-account-linking';

export interface AcmeAccount {
  readonly accountNumber: string;
  readonly status: 'active' | 'closed';
}

/** Acme's cloud API, as far as this connector needs it: an HTTP client in production, a stub in the tests. */
export interface AcmeCloud {
  /** The account a bearer token belongs to; undefined when Acme does not know the token. */
  accountOf(bearerToken: string, deadline: Deadline): Promise<AcmeAccount | undefined>;
  sendCommand(accountNumber: string, deviceId: string, command: string, deadline: Deadline): Promise<'sent' | 'unknown-device'>;
}
