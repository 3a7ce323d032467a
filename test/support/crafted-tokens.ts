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

/** The ways a lenient base64url decoder (jose's, Node's) reads a segment as the same bytes. */
export type Respelling = 'padding' | 'space' | 'line break' | 'tab' | 'standard alphabet' | 'spare bits';

/**
 * The same token spelt otherwise in its `index`th segment: decoded leniently, every segment still holds the
 * same bytes, so a verifier that reads it that way finds the signature good. `at` places inserted characters.
 * @throws Error when that segment has no such respelling (no `-` or `_`, no spare bits), so no test passes vacuously.
 */
export function respelled(token: string, how: Respelling, index = 1, at = 0.5): string {
  const segments = token.split('.');
  const original = segments[index] ?? '';
  const cut = Math.max(1, Math.min(original.length - 1, Math.floor(original.length * at)));
  const insert = (text: string): string => `${original.slice(0, cut)}${text}${original.slice(cut)}`;
  switch (how) {
    case 'padding':
      segments[index] = `${original}${'='.repeat((4 - (original.length % 4)) % 4)}`;
      break;
    case 'space':
      segments[index] = insert(' ');
      break;
    case 'line break':
      segments[index] = insert('\r\n');
      break;
    case 'tab':
      segments[index] = insert('\t');
      break;
    case 'standard alphabet':
      segments[index] = original.replace(/-/g, '+').replace(/_/g, '/');
      break;
    case 'spare bits':
      segments[index] = withSpareBitsSet(original);
      break;
  }
  const spelt = segments.join('.');
  if (spelt === token) throw new Error(`segment ${index} of this token has no ${how} respelling`);
  return spelt;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The last character with a bit set that the data does not use: the same bytes, another spelling. */
function withSpareBitsSet(segment: string): string {
  const spare = segment.length % 4;
  if (spare === 0) return segment;
  const value = ALPHABET.indexOf(segment.slice(-1));
  return `${segment.slice(0, -1)}${ALPHABET[value | 1]}`;
}
