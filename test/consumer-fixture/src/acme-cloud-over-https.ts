import { IdentityProviderUnavailable, type Deadline } from 'c2c-account-linking';
import type { AcmeAccount, AcmeCloud } from './acme-cloud.js';

/** Acme's cloud API over HTTPS, as the Lambda uses it (the tests use a stub instead). */
export function acmeCloudAt(baseUrl: string): AcmeCloud {
  const call = async (path: string, bearerToken: string, deadline: Deadline, body?: object): Promise<Response> => {
    try {
      return await fetch(`${baseUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { Authorization: `Bearer ${bearerToken}`, 'Content-Type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
        signal: deadline.signal,
      });
    } catch {
      // The fetch error is dropped on purpose: it may carry the request, and so the bearer token.
      throw new IdentityProviderUnavailable('Acme could not be reached.');
    }
  };
  return {
    async accountOf(bearerToken, deadline) {
      const response = await call('/v2/me', bearerToken, deadline);
      if (response.status === 401 || response.status === 403) return undefined;
      if (!response.ok) throw new IdentityProviderUnavailable(`Acme answered HTTP ${response.status}.`);
      return (await response.json()) as AcmeAccount;
    },
    async sendCommand(accountNumber, deviceId, command, deadline) {
      const response = await call(`/v2/accounts/${accountNumber}/devices/${deviceId}/commands`, accountNumber, deadline, { command });
      if (response.status === 404) return 'unknown-device';
      if (!response.ok) throw new IdentityProviderUnavailable(`Acme answered HTTP ${response.status}.`);
      return 'sent';
    },
  };
}
