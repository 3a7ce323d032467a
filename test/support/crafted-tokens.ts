import { createPublicKey } from 'node:crypto';
import { SignJWT, type JWK, type JWTPayload } from 'jose';

/** Base64url of the JSON of `value`, as a JWS segment. */
export function segment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** A standard set of claims for `issuer` and `audience`, valid for an hour, with `overrides` on top. */
export function claimsFor(issuer: string, audience: string, overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return { iss: issuer, aud: audience, sub: 'user-123', iat: now, exp: now + 3600, ...overrides };
}

/** An "unsecured JWS" (`alg: none`, empty signature), as an attacker would hand-craft it. */
export function unsecuredToken(claims: JWTPayload): string {
  return `${segment({ alg: 'none', typ: 'JWT' })}.${segment(claims)}.`;
}

/** The same token with its payload swapped for `claims`, keeping the original header and signature. */
export function withReplacedPayload(token: string, claims: JWTPayload): string {
  const [header, , signature] = token.split('.');
  return `${header}.${segment(claims)}.${signature}`;
}

/**
 * The classic key-confusion attack: HS256 with the issuer's RSA public key (PEM text, which anyone can
 * download) as the HMAC secret, so a verifier that lets the token pick the algorithm would accept it.
 */
export async function hmacSignedWithPublicKey(publicJwk: JWK, claims: JWTPayload): Promise<string> {
  const pem = createPublicKey({ key: { ...publicJwk }, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid, typ: 'at+jwt' })
    .sign(new TextEncoder().encode(pem.toString()));
}

/**
 * A correctly signed token whose header marks an extension the verifier cannot know as critical (`crit`),
 * which RFC 7515 says must make verification fail.
 */
export async function withUnknownCriticalHeader(
  signer: { readonly privateKey: Parameters<SignJWT['sign']>[0]; readonly options: { readonly alg: string; readonly kid: string } },
  claims: JWTPayload,
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: signer.options.alg, kid: signer.options.kid, crit: ['x-unknown'], 'x-unknown': true })
    .sign(signer.privateKey, { crit: { 'x-unknown': true } });
}
