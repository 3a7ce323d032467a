import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { JWK } from 'jose';

/** A key of the issuer's set that is left out, and why: for a log line and an error message, never the key itself. */
export interface SkippedKey {
  readonly kid: string | undefined;
  readonly reason: string;
}

export interface VerificationKeys {
  readonly usable: JWK[];
  readonly skipped: SkippedKey[];
}

const MIN_RSA_BITS = 2048;
/** OpenSSL's own ceiling for an RSA modulus it verifies with. */
const MAX_RSA_BITS = 16_384;
const SIGNING_CURVES: Readonly<Record<string, readonly string[]>> = { EC: ['P-256', 'P-384', 'P-521'], OKP: ['Ed25519'] };
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The keys of a JSON Web Key Set that can verify a signature here. The others are left out when the set
 * is loaded, each with its reason: a weak RSA key would make jose throw on every token naming it (not a
 * verification failure, an exception), a malformed one would fail the same way at import, and an
 * encryption key, a symmetric key or a curve the verifier does not know has no business verifying tokens.
 */
export function selectVerificationKeys(keys: readonly unknown[]): VerificationKeys {
  const usable: JWK[] = [];
  const skipped: SkippedKey[] = [];
  for (const key of keys) {
    if (typeof key !== 'object' || key === null || Array.isArray(key)) {
      skipped.push({ kid: undefined, reason: 'the entry is not a JSON object' });
      continue;
    }
    const jwk = key as JWK;
    const reason = whyUnusable(jwk);
    if (reason === undefined) usable.push(jwk);
    else skipped.push({ kid: typeof jwk.kid === 'string' ? jwk.kid : undefined, reason });
  }
  return { usable, skipped };
}

function whyUnusable(jwk: JWK): string | undefined {
  const { kty } = jwk;
  if (typeof kty !== 'string') return 'it has no "kty"';
  if (jwk.use !== undefined && jwk.use !== 'sig') return `its "use" is ${quoted(jwk.use)}, not "sig"`;
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) return 'its "key_ops" do not include "verify"';
  if (PRIVATE_MEMBERS.some((member) => member in jwk)) {
    return kty === 'oct' ? 'it is a symmetric key, which a public key set must not hold' : 'it holds private key material';
  }
  switch (kty) {
    case 'RSA':
      return whyUnusableRsa(jwk);
    case 'EC':
      return whyUnusableCurve(jwk, 'EC');
    case 'OKP':
      return whyUnusableCurve(jwk, 'OKP');
    default:
      return `its "kty" ${quoted(kty)} is not one this connector verifies with`;
  }
}

function whyUnusableRsa(jwk: JWK): string | undefined {
  if (!isBase64url(jwk.n) || !isBase64url(jwk.e)) return 'its "n" or "e" is not base64url';
  const details = importedDetails(jwk);
  if (details === undefined) return 'it is not a valid RSA key';
  const bits = details.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) return `it is an RSA key of ${bits} bits, below ${MIN_RSA_BITS}`;
  if (bits > MAX_RSA_BITS) return `it is an RSA key of ${bits} bits, above ${MAX_RSA_BITS}`;
  const exponent = details.publicExponent ?? 0n;
  // e = 1 would make every message its own signature; an even e is no RSA key.
  if (exponent < 3n || exponent % 2n === 0n) return 'its public exponent "e" is not an odd number of at least 3';
  return undefined;
}

function whyUnusableCurve(jwk: JWK, kty: 'EC' | 'OKP'): string | undefined {
  const { crv } = jwk;
  if (typeof crv !== 'string' || !SIGNING_CURVES[kty]!.includes(crv)) return `its curve ${quoted(crv)} is not one this connector verifies with`;
  if (!isBase64url(jwk.x) || (kty === 'EC' && !isBase64url(jwk.y))) return 'its coordinates are not base64url';
  return importedDetails(jwk) === undefined ? `it is not a valid point on ${crv}` : undefined;
}

/** What Node's own import of the key says of it, or undefined when Node refuses it. */
function importedDetails(jwk: JWK): { modulusLength?: number; publicExponent?: bigint } | undefined {
  try {
    return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }).asymmetricKeyDetails ?? {};
  } catch {
    return undefined;
  }
}

function isBase64url(value: unknown): value is string {
  return typeof value === 'string' && BASE64URL.test(value);
}

/** A member of the issuer's key, short and printable, for a reason. */
function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
  return JSON.stringify(text.slice(0, 32).replace(/[^\x20-\x7e]/g, '?'));
}
