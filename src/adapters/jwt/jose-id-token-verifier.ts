import { timingSafeEqual } from 'node:crypto';
import type { AxiosInstance } from 'axios';
import { errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import type { Deadline } from '../../application/deadline.js';
import type { Clock } from '../../application/ports/clock.js';
import type { IdTokenExpectations, IdTokenVerifier } from '../../application/ports/id-token-verifier.js';
import type { Logger } from '../../application/ports/logger.js';
import { DomainError } from '../../domain/errors/domain-error.js';
import { LinkingFailed } from '../../domain/errors/linking-failed.js';
import type { SecretValue } from '../../domain/secret-value.js';
import type { RetryPolicy } from '../outbound-http/send-with-retries.js';
import { unavailable } from '../outbound-http/upstream-failure.js';
import { compactSerializationProblem } from './compact-serialization.js';
import { DEFAULT_JWT_ALGORITHMS } from './jose-token-verifier.js';
import { DISCOVERY, discoverJwksUri } from './oidc-discovery.js';
import { RemoteJwksKeyStore } from './remote-jwks-key-store.js';

export interface JoseIdTokenVerifierOptions {
  /** The `iss` every ID token must carry (`C2C_OIDC_ISSUER`); discovery starts from it. */
  readonly issuer: string;
  /** Our client at the platform (`C2C_CLIENT_ID`): the `aud` ID tokens must name, and their `azp` when they carry one. */
  readonly clientId: string;
  /** The platform's key set (`C2C_OIDC_JWKS_URI`). Default: the `jwks_uri` of the issuer's discovery document. */
  readonly jwksUri?: string | undefined;
  /** Allowed `alg` values. Default `RS256, ES256, PS256, EdDSA`. */
  readonly algorithms?: readonly string[];
  /** Seconds of clock skew allowed on `exp`, `iat` and `nbf`. Default 5. */
  readonly clockToleranceS?: number;
  /** Retries of a key set or discovery request that failed transiently, within the deadline. Default none. */
  readonly retry?: RetryPolicy;
}

/**
 * OpenID Connect Core §3.1.3.7 for the ID token of a code exchange, with jose: signed by a key of the
 * platform's key set (configured, or found by OIDC discovery on first use and kept), `iss` the issuer,
 * `aud` our client id (and `azp`, when present or when `aud` names several clients), `nonce` the round
 * trip's, `exp`, `iat` and `sub` present, not expired. No ID token in the answer: nothing to check.
 */
export class JoseIdTokenVerifier implements IdTokenVerifier {
  readonly #verifyOptions: JWTVerifyOptions;
  #keys: Promise<RemoteJwksKeyStore> | undefined;

  /** @param clock `exp` and `iat` are checked against its wall-clock time; the key set ages on its monotonic time. */
  constructor(
    private readonly http: AxiosInstance,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: JoseIdTokenVerifierOptions,
  ) {
    this.#verifyOptions = {
      issuer: options.issuer,
      audience: options.clientId,
      algorithms: [...(options.algorithms ?? DEFAULT_JWT_ALGORITHMS)],
      clockTolerance: options.clockToleranceS ?? 5,
      requiredClaims: ['exp', 'iat', 'sub'],
    };
  }

  async verify(idToken: SecretValue | undefined, expected: IdTokenExpectations, deadline: Deadline): Promise<void> {
    if (idToken === undefined) return;
    const jwt = idToken.reveal();
    const segments = jwt.split('.');
    if (segments.length !== 3 || compactSerializationProblem(jwt, segments) !== undefined) {
      throw refused('it is not a signed JWT in compact serialization');
    }
    const keys = await this.#keyStore(deadline);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(jwt, (header) => keys.getKey(header, deadline), { ...this.#verifyOptions, currentDate: this.clock.now() }));
    } catch (error) {
      throw refusalOf(error);
    }
    if (expected.nonce !== undefined && !(typeof payload['nonce'] === 'string' && constantTimeEquals(payload['nonce'], expected.nonce))) {
      throw refused('its "nonce" claim is not the one this authorization request sent');
    }
    const { azp, aud } = payload;
    if ((azp !== undefined || (Array.isArray(aud) && aud.length > 1)) && azp !== this.options.clientId) {
      throw refused('its "azp" claim does not name this client');
    }
  }

  /** The key set, found by discovery once; a failed discovery is tried again by the next callback. */
  #keyStore(deadline: Deadline): Promise<RemoteJwksKeyStore> {
    this.#keys ??= this.#openKeyStore(deadline).catch((error: unknown) => {
      this.#keys = undefined;
      throw error;
    });
    return deadline.race(this.#keys, () => unavailable(DISCOVERY, 'no answer within the deadline'));
  }

  async #openKeyStore(deadline: Deadline): Promise<RemoteJwksKeyStore> {
    const retry = this.options.retry ?? {};
    const jwksUri = this.options.jwksUri ?? (await discoverJwksUri(this.http, this.options.issuer, deadline, retry));
    return new RemoteJwksKeyStore(this.http, this.clock, { jwksUri, retry }, this.logger);
  }
}

/** The reason never quotes the token or a claim's value. */
function refused(reason: string, cause?: unknown): LinkingFailed {
  return new LinkingFailed('invalid_grant', `The ID token is not acceptable: ${reason}.`, cause === undefined ? undefined : { cause });
}

/** What went wrong with the platform's keys (no answer, a misconfigured endpoint) is passed on as it is. */
function refusalOf(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return refused('it has expired', error);
  if (error instanceof errors.JWTClaimValidationFailed) return refused(`its "${error.claim}" claim is not acceptable (${error.reason})`, error);
  if (error instanceof errors.JOSEAlgNotAllowed) return refused('it is signed with an algorithm that is not allowed', error);
  if (error instanceof errors.JWSSignatureVerificationFailed) return refused('its signature does not verify', error);
  if (error instanceof errors.JOSEError) return refused(`it cannot be verified (${error.code})`, error);
  if (error instanceof DomainError && error.code === 'INVALID_TOKEN') return refused(error.message.replace(/^The token/, 'the token'), error);
  if (error instanceof Error) return error;
  return refused('it cannot be verified');
}

function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
