import type { AxiosTokenRevokerOptions } from '../../adapters/oauth/axios-token-revoker.js';
import type { TokenAuthScheme } from '../../adapters/oauth-form/token-auth-scheme.js';
import type { EnvReader } from './env-reader.js';

/** `C2C_REVOCATION_URL` turns revocation on; the client authenticates as in the linking flow. */
export function readRevocation(read: EnvReader): AxiosTokenRevokerOptions | undefined {
  if (!read.has('C2C_REVOCATION_URL')) return undefined;
  const why = 'to authenticate at the revocation endpoint (C2C_REVOCATION_URL)';
  return {
    revocationUrl: read.url('C2C_REVOCATION_URL', why),
    clientId: read.required('C2C_CLIENT_ID', why),
    clientSecret: read.required('C2C_CLIENT_SECRET', why),
    authScheme: read.oneOf<TokenAuthScheme>('C2C_TOKEN_AUTH_SCHEME', ['HTTP_BASIC', 'REQUEST_BODY_CREDENTIALS'], 'HTTP_BASIC'),
  };
}
