import { generateKeyPairSync, randomBytes, type JsonWebKey, type KeyPairKeyObjectResult } from 'node:crypto';

/** A key a JSON Web Key Set may hold, as published (a JSON value: a JWK, or anything else). */
export interface PublishedKey {
  readonly label: string;
  /** The kid it is published under, when it is an object with one. */
  readonly kid: string | undefined;
  /** The `alg` a token naming this key would carry, so that jose would pick the key were it usable. */
  readonly alg: string;
  readonly jwk: unknown;
  /** Members of the key a log line must never show. */
  readonly material: readonly string[];
}

function exported(pair: KeyPairKeyObjectResult): JsonWebKey {
  return pair.publicKey.export({ format: 'jwk' });
}

function privateRsa(): JsonWebKey {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
}

const random = (bytes: number): string => randomBytes(bytes).toString('base64url');

function key(label: string, kid: string | undefined, alg: string, jwk: unknown): PublishedKey {
  const material =
    typeof jwk === 'object' && jwk !== null
      ? ['n', 'x', 'y', 'd', 'k'].flatMap((member) => {
          const value = (jwk as Record<string, unknown>)[member];
          return typeof value === 'string' && value.length >= 16 ? [value.slice(0, 24)] : [];
        })
      : [];
  return { label, kid, alg, jwk: kid === undefined || typeof jwk !== 'object' || jwk === null ? jwk : { ...jwk, kid }, material };
}

/**
 * Keys no connector should verify with, one of each kind: weak, malformed, for encryption, of a type or
 * curve the verifier does not know, symmetric, private, or not a key at all. Made once: RSA keys are slow.
 */
export function unusableKeys(): PublishedKey[] {
  const rsa1024 = exported(generateKeyPairSync('rsa', { modulusLength: 1024 }));
  const rsa = exported(generateKeyPairSync('rsa', { modulusLength: 2048 }));
  const ec = exported(generateKeyPairSync('ec', { namedCurve: 'P-256' }));
  const ed = exported(generateKeyPairSync('ed25519'));
  return [
    key('an RSA key of 1024 bits', 'rsa-1024', 'RS256', { ...rsa1024, alg: 'RS256', use: 'sig' }),
    key('an RSA key of 1024 bits for PS256', 'rsa-1024-ps', 'PS256', rsa1024),
    key('an RSA key whose n is not base64url', 'rsa-bad-n', 'RS256', { ...rsa, n: 'zz!!' }),
    key('an RSA key whose n is a number', 'rsa-n-number', 'RS256', { ...rsa, n: 5 }),
    key('an RSA key without e', 'rsa-no-e', 'RS256', { kty: 'RSA', n: rsa.n }),
    key('an RSA key with e = 1', 'rsa-e-1', 'RS256', { ...rsa, e: 'AQ' }),
    key('an RSA key with an even e', 'rsa-e-even', 'RS256', { ...rsa, e: 'AAI' }),
    key('an EC key whose point is not on its curve', 'ec-off-curve', 'ES256', { ...ec, x: random(32) }),
    key('an EC key with a short coordinate', 'ec-short-x', 'ES256', { ...ec, x: 'AAAA' }),
    key('an EC key that names the wrong curve', 'ec-wrong-crv', 'ES384', { ...ec, crv: 'P-384' }),
    key('an EC key of an unknown curve', 'ec-unknown-crv', 'ES256', { ...ec, crv: 'P-999' }),
    key('an OKP key with a short x', 'ed-short-x', 'EdDSA', { ...ed, x: 'AAAA' }),
    key('an Ed448 key', 'ed448', 'EdDSA', exported(generateKeyPairSync('ed448'))),
    key('an X25519 key (key agreement)', 'x25519', 'EdDSA', exported(generateKeyPairSync('x25519'))),
    key('an RSA key for encryption (use: enc)', 'rsa-enc', 'RS256', { ...rsa, use: 'enc' }),
    key('an RSA key whose key_ops say encrypt', 'rsa-encrypt-ops', 'RS256', { ...rsa, key_ops: ['encrypt'] }),
    key('a key of an unknown kty', 'unknown-kty', 'RS256', { kty: 'FOO', n: rsa.n, e: rsa.e }),
    key('a key without kty', 'no-kty', 'RS256', { n: rsa.n, e: rsa.e }),
    key('a symmetric key', 'oct', 'HS256', { kty: 'oct', k: random(32) }),
    key('a private RSA key', 'rsa-private', 'RS256', privateRsa()),
    key('an RSA key whose use is an object', 'rsa-use-object', 'RS256', { ...rsa, use: { toString: 1 } }),
    key('a string', undefined, 'RS256', 'garbage'),
    key('a number', undefined, 'RS256', 42),
    key('null', undefined, 'RS256', null),
    key('an array', undefined, 'RS256', [rsa]),
  ];
}
