import type { JWTVerifyOptions } from 'jose';

/** What the connector's verifier checks, read from the same variables, so that a hand-written jose peer does the same work. */
export function joseVerifyOptionsFrom(env: NodeJS.ProcessEnv): JWTVerifyOptions {
  return {
    issuer: env['C2C_JWT_ISSUER'] ?? '',
    audience: env['C2C_JWT_AUDIENCE'] ?? '',
    algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
    clockTolerance: 5,
    requiredClaims: ['exp'],
  };
}
