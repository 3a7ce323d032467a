import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';

export interface TokenFactoryOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly alg?: 'RS256' | 'ES256' | 'PS256' | 'EdDSA';
  readonly kid?: string;
}

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/**
 * Signs JWT access tokens with a fresh key pair and publishes the matching key set: point the connector's
 * `C2C_JWKS_URI` at a server that serves `jwks()` (TestIdentityServer, JwksServer) and sign tokens with any claims.
 */
export class TokenFactory {
  private constructor(
    readonly options: Required<TokenFactoryOptions>,
    readonly privateKey: SigningKey,
    readonly publicJwk: JWK,
  ) {}

  static async create(options: TokenFactoryOptions): Promise<TokenFactory> {
    const alg = options.alg ?? 'RS256';
    const kid = options.kid ?? `key-${randomUUID().slice(0, 8)}`;
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    return new TokenFactory({ ...options, alg, kid }, privateKey, publicJwk);
  }

  jwks(): JSONWebKeySet {
    return { keys: [this.publicJwk] };
  }

  /** A valid token for `sub`, expiring in an hour unless `claims` say otherwise. */
  async sign(claims: JWTPayload = {}, header: Record<string, unknown> = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: this.options.issuer,
      aud: this.options.audience,
      sub: 'user-123',
      iat: now,
      exp: now + 3600,
      ...claims,
    })
      .setProtectedHeader({ alg: this.options.alg, kid: this.options.kid, typ: 'at+jwt', ...header })
      .sign(this.privateKey);
  }
}
