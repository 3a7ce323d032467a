import { createRemoteJWKSet, jwtVerify } from 'jose';
import { joseVerifyOptionsFrom } from './jose-verify-options.js';

/**
 * The second peer: ActivateUser written by hand with jose, as the connector verifies, without an identity
 * cache. Keys fetched on first use (jose's remote key set, over fetch) and kept.
 */
const keys = createRemoteJWKSet(new URL(process.env['C2C_JWKS_URI'] ?? 'https://unset.invalid/'));
const options = joseVerifyOptionsFrom(process.env);

interface ActivateUserEvent {
  readonly header: { readonly auth: { readonly token: string } };
  readonly payload: { readonly connectorId: string };
}

export async function handler(event: unknown): Promise<unknown> {
  const request = (typeof event === 'string' ? JSON.parse(event) : event) as ActivateUserEvent;
  const { payload } = await jwtVerify(request.header.auth.token, keys, options);
  return {
    header: { responseCode: 200 },
    payload: {
      responseMessage: `Successfully activated user with connector-id ${request.payload.connectorId}.`,
      userId: payload.sub,
    },
  };
}
