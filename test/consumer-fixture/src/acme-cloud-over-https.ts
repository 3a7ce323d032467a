import { IdentityProviderUnavailable, type Deadline } from 'c2c-account-linking';
import type { AcmeAccount, AcmeCloud, AcmeCredential } from './acme-cloud.js';

/** Acme's cloud API over HTTPS, as the Lambda uses it (the tests use a stub instead). */
export function acmeCloudAt(baseUrl: string): AcmeCloud {
  const call = async (path: string, credential: AcmeCredential, deadline: Deadline, body?: object): Promise<Response> => {
    const authentication: Record<string, string> = 'apiKey' in credential ? { 'X-Api-Key': credential.apiKey } : { Authorization: `Bearer ${credential.bearerToken}` };
    try {
      return await fetch(`${baseUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { ...authentication, 'Content-Type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
        signal: deadline.signal,
      });
    } catch {
      // The fetch error is dropped on purpose: it may carry the request, and so the token or the API key.
      throw new IdentityProviderUnavailable('Acme could not be reached.');
    }
  };
  const accountAs = async (credential: AcmeCredential, deadline: Deadline): Promise<AcmeAccount | undefined> => {
    const response = await call('/v2/me', credential, deadline);
    if (response.status === 401 || response.status === 403) return undefined;
    if (!response.ok) throw new IdentityProviderUnavailable(`Acme answered HTTP ${response.status}.`);
    return (await response.json()) as AcmeAccount;
  };
  return {
    accountOf: (bearerToken, deadline) => accountAs({ bearerToken }, deadline),
    accountOfApiKey: (apiKey, deadline) => accountAs({ apiKey }, deadline),
    async sendCommand(credential, accountNumber, deviceId, command, deadline) {
      const response = await call(`/v2/accounts/${accountNumber}/devices/${deviceId}/commands`, credential, deadline, { command });
      if (response.status === 404) return 'unknown-device';
      if (!response.ok) throw new IdentityProviderUnavailable(`Acme answered HTTP ${response.status}.`);
      return 'sent';
    },
  };
}
