import type { AxiosTokenRevokerOptions } from '../../adapters/oauth/axios-token-revoker.js';
import type { TokenAuthScheme } from '../../adapters/oauth-form/token-auth-scheme.js';
import type { EnvReader } from './env-reader.js';

/**
 * `C2C_REVOCATION_URL` turns revocation on. The connector authenticates as `C2C_REVOCATION_CLIENT_*`, each
 * by default the linking flow's (`C2C_CLIENT_ID`, `C2C_CLIENT_SECRET`, `C2C_TOKEN_AUTH_SCHEME`).
 */
export function readRevocation(read: EnvReader): AxiosTokenRevokerOptions | undefined {
  if (!read.has('C2C_REVOCATION_URL')) return undefined;
  const why = 'to authenticate at the revocation endpoint (C2C_REVOCATION_URL)';
  const clientIdVariable = read.has('C2C_REVOCATION_CLIENT_ID') ? 'C2C_REVOCATION_CLIENT_ID' : 'C2C_CLIENT_ID';
  const secretVariable = read.has('C2C_REVOCATION_CLIENT_SECRET') ? 'C2C_REVOCATION_CLIENT_SECRET' : 'C2C_CLIENT_SECRET';
  const schemeVariable = read.has('C2C_REVOCATION_AUTH_SCHEME') ? 'C2C_REVOCATION_AUTH_SCHEME' : 'C2C_TOKEN_AUTH_SCHEME';
  return {
    revocationUrl: read.url('C2C_REVOCATION_URL', why),
    clientId: read.required(clientIdVariable, why),
    clientSecret: read.required(secretVariable, why),
    authScheme: read.oneOf<TokenAuthScheme>(schemeVariable, ['HTTP_BASIC', 'REQUEST_BODY_CREDENTIALS'], 'HTTP_BASIC'),
  };
}
