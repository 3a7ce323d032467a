import { errors, jwtVerify, type JWSHeaderParameters, type JWTHeaderParameters, type JWTPayload, type JWTVerifyOptions } from 'jose';
import type { Deadline } from '../../application/deadline.js';
import type { Clock } from '../../application/ports/clock.js';
import type { IdentityDeclined, IdentityOutcome, IdentityRecognised, IdentitySource } from '../../application/ports/identity-source.js';
import type { AccessToken } from '../../domain/access-token.js';
import { DomainError } from '../../domain/errors/domain-error.js';
import { InvalidToken } from '../../domain/errors/invalid-token.js';
import { TokenExpired } from '../../domain/errors/token-expired.js';
import { readUserKey, type UserKeyRule } from '../claims/read-user-key.js';
import type { UserIdFormat } from '../../application/user-id-policy.js';
import { checkAccessToken, type AccessTokenRules } from './access-token-checks.js';
import { compactSerializationProblem, namesAnAlgorithm } from './compact-serialization.js';
import type { RemoteJwksKeyStore } from './remote-jwks-key-store.js';

export const DEFAULT_JWT_ALGORITHMS = ['RS256', 'ES256', 'PS256', 'EdDSA'] as const;

export interface JoseTokenVerifierOptions extends AccessTokenRules {
  /** Required `iss`. Tokens from another issuer are left to the next identity source. */
  readonly issuer: string;
  /** Allowed `alg` values. Default `RS256, ES256, PS256, EdDSA`. */
  readonly algorithms?: readonly string[];
  /** Seconds of clock skew allowed on `exp` and `nbf`. Default 5. */
  readonly clockToleranceS?: number;
  /** Claim (dot path allowed) that holds the user id. Default `sub`. */
  readonly userIdClaim?: string;
  /** Builds the user key from several claims, e.g. `{tid}.{oid}`; takes precedence over `userIdClaim`. */
  readonly userIdTemplate?: string;
  /** How this issuer's user keys become userIds; default: the connector-wide `C2C_USER_ID_FORMAT`. */
  readonly userIdFormat?: UserIdFormat;
  /** Required `typ` header, e.g. `at+jwt` (RFC 9068). Default: absent, `JWT` or `at+jwt` (see `checkAccessToken`). */
  readonly requiredType?: string;
}

/** Verifies JWT access tokens locally with jose against the issuer's remote key set. */
export class JoseTokenVerifier implements IdentitySource {
  readonly #verifyOptions: JWTVerifyOptions;
  readonly #userKey: UserKeyRule;

  /** @param clock `exp` and `nbf` are checked against its wall-clock time. */
  constructor(
    private readonly keys: RemoteJwksKeyStore,
    private readonly clock: Clock,
    private readonly options: JoseTokenVerifierOptions,
  ) {
    // Without `aud`, only the client check ties a token to this connector.
    if (options.audienceOptional === true && (options.clientIds ?? []).length === 0) {
      throw new Error('JoseTokenVerifier: audienceOptional needs clientIds.');
    }
    const audienceChecked = options.audienceClaim !== 'client_id' && options.audienceOptional !== true;
    this.#verifyOptions = {
      issuer: options.issuer,
      ...(audienceChecked ? { audience: [...options.audiences] } : {}),
      algorithms: [...(options.algorithms ?? DEFAULT_JWT_ALGORITHMS)],
      clockTolerance: options.clockToleranceS ?? 5,
      requiredClaims: ['exp'],
      ...(options.requiredType === undefined ? {} : { typ: options.requiredType }),
    };
    this.#userKey = {
      claim: options.userIdClaim ?? 'sub',
      ...(options.userIdTemplate === undefined ? {} : { template: options.userIdTemplate }),
    };
  }

  /**
   * Verifies first and reads the unverified issuer only when that fails, to tell a token of another issuer
   * (declined, for the next source) from one of ours that is refused: a valid token is decoded once, by jose.
   * A key that is not resolved yet is fetched only for a token that claims our issuer.
   */
  async identify(token: AccessToken, deadline: Deadline): Promise<IdentityOutcome> {
    const jwt = token.reveal();
    // Before jose, whose lenient decoder would verify a respelt token: the syntax is checked up front.
    const notCompact = notCompactJws(jwt, jwt.split('.'));
    if (notCompact !== undefined) throw notCompact;
    try {
      return await this.#verify(jwt, (header) => this.keys.resolvedKey(header) ?? this.#keyForOurIssuer(jwt, header, deadline));
    } catch (error) {
      const issuer = unverifiedIssuerOf(jwt);
      if (typeof issuer !== 'string') return issuer;
      if (issuer !== this.options.issuer) return notRecognised('issued by another issuer');
      throw error;
    }
  }

  /** See `RemoteJwksKeyStore.prefetch`: never rejects. */
  prefetchKeys(deadline: Deadline): Promise<void> {
    return this.keys.prefetch(deadline);
  }

  /** Proves a compact JWS that `unverifiedIssuerOf` already routed to this issuer. */
  verifyRecognised(jwt: string, deadline: Deadline): Promise<IdentityRecognised> {
    return this.#verify(jwt, (header) => this.keys.getKey(header, deadline));
  }

  #keyForOurIssuer(jwt: string, header: JWSHeaderParameters, deadline: Deadline): ReturnType<RemoteJwksKeyStore['getKey']> {
    // Thrown to end jose's verification; identify then reads the issuer again and declines the token.
    if (unverifiedIssuerOf(jwt) !== this.options.issuer) throw new Error('not a token of this issuer');
    return this.keys.getKey(header, deadline);
  }

  async #verify(jwt: string, keyFor: (header: JWSHeaderParameters) => ReturnType<RemoteJwksKeyStore['getKey']>): Promise<IdentityRecognised> {
    let payload: JWTPayload;
    let protectedHeader: JWTHeaderParameters;
    try {
      const options: JWTVerifyOptions = { ...this.#verifyOptions, currentDate: this.clock.now() };
      ({ payload, protectedHeader } = await jwtVerify(jwt, keyFor, options));
    } catch (error) {
      throw toDomainError(error);
    }
    checkAccessToken(protectedHeader, payload, this.options);

    const userId = readUserKey(payload, this.#userKey, 'The token');
    return {
      recognised: true,
      claims: {
        userId,
        issuer: this.options.issuer,
        subject: typeof payload.sub === 'string' ? payload.sub : userId,
        source: 'jwt',
        ...(payload.exp === undefined ? {} : { expiresAt: new Date(payload.exp * 1000) }),
        ...(this.options.userIdFormat === undefined ? {} : { userIdFormat: this.options.userIdFormat }),
      },
    };
  }
}

/**
 * The `iss` a compact JWS claims, read without verifying anything, to pick the verifier; or why the token
 * is not one a JWT verifier can take.
 * @throws InvalidToken for a JWS or JWE that is not in strict compact serialization (see compact-serialization.ts).
 */
export function unverifiedIssuerOf(jwt: string): string | IdentityDeclined {
  const segments = jwt.split('.');
  if (segments.length !== 3 && segments.length !== 5) return notRecognised('not a signed JWT');
  const problem = compactSerializationProblem(jwt, segments);
  if (problem !== undefined) {
    if (namesAnAlgorithm(segments[0]!)) throw notInCompactSerialization(problem);
    return notRecognised('not a signed JWT');
  }
  // A compact JWE is opaque to us (no key to decrypt it): say so, and let a later source (userinfo) try it.
  if (segments.length === 5) return notRecognised('encrypted tokens are not accepted');
  // Only the payload, and with Node's decoder rather than jose's: jwtVerify reads the header (strictly) anyway,
  // and this runs once more per token on the hot path.
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(segments[1]!, 'base64url').toString('utf8'));
  } catch {
    return notRecognised('not a signed JWT');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return notRecognised('not a signed JWT');
  const { iss } = claims as { iss?: unknown };
  return typeof iss === 'string' ? iss : notRecognised('names no issuer');
}

/** The refusal of a JWS or JWE (its header names an `alg`) that is not in strict compact serialization; else undefined. */
function notCompactJws(jwt: string, segments: readonly string[]): InvalidToken | undefined {
  if (segments.length !== 3 && segments.length !== 5) return undefined;
  const problem = compactSerializationProblem(jwt, segments);
  if (problem === undefined || !namesAnAlgorithm(segments[0]!)) return undefined;
  return notInCompactSerialization(problem);
}

function notInCompactSerialization(problem: string): InvalidToken {
  return new InvalidToken(`The token is not in compact serialization: ${problem}.`);
}

function notRecognised(reason: string): IdentityDeclined {
  return { recognised: false, reason };
}

function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof errors.JWTExpired) return new TokenExpired('The token has expired.', { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new InvalidToken(`The token's "${error.claim}" claim is not acceptable: ${error.reason}.`, { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new InvalidToken('The token is signed with an algorithm that is not allowed.', { cause: error });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new InvalidToken('The token\'s signature does not verify.', { cause: error });
  }
  if (error instanceof errors.JOSEError) {
    return new InvalidToken(`The token is not acceptable (${error.code}).`, { cause: error });
  }
  throw error;
}
