import { JwtVerifier } from 'aws-jwt-verify';

/**
 * The peer: what a developer would write by hand for ActivateUser with aws-jwt-verify. Created once,
 * outside the handler; keys fetched on first use over https (node:https).
 */
const verifier = JwtVerifier.create({
  issuer: process.env['C2C_JWT_ISSUER'] ?? '',
  audience: process.env['C2C_JWT_AUDIENCE'] ?? '',
  jwksUri: process.env['C2C_JWKS_URI'] ?? '',
});

interface ActivateUserEvent {
  readonly header: { readonly auth: { readonly token: string } };
  readonly payload: { readonly connectorId: string };
}

export async function handler(event: unknown): Promise<unknown> {
  const request = (typeof event === 'string' ? JSON.parse(event) : event) as ActivateUserEvent;
  const claims = await verifier.verify(request.header.auth.token);
  return {
    header: { responseCode: 200 },
    payload: {
      responseMessage: `Successfully activated user with connector-id ${request.payload.connectorId}.`,
      userId: claims.sub,
    },
  };
}
