import type { JWTHeaderParameters, JWTPayload } from 'jose';
import { InvalidToken } from '../../domain/errors/invalid-token.js';

/** What a verified token must show, beyond its signature, issuer, audience and expiry, to be taken as an access token. */
export interface AccessTokenRules {
  /** Accepted `aud` values. */
  readonly audiences: readonly string[];
  /** `client_id`: `audiences` are checked against `client_id` (Amazon Cognito access tokens carry no `aud`). */
  readonly audienceClaim?: 'aud' | 'client_id';
  /** A token without `aud` passes (one with `aud` must still name one of `audiences`). Only with `clientIds`. */
  readonly audienceOptional?: boolean;
  /** Accepted clients: each of `clientClaims` the token carries must name one, and it must carry one. */
  readonly clientIds?: readonly string[];
  /** Claims naming the client the token was issued to. Default `client_id`, `azp`. */
  readonly clientClaims?: readonly string[];
  /** The provider's access tokens always name their client: one that does not is an ID token (which names it only in `aud`). */
  readonly clientClaimRequired?: boolean;
  /** The provider never puts `nonce` in an access token, so one that carries it is an ID token. */
  readonly nonceMeansIdToken?: boolean;
  /** Claims that must have exactly these values, e.g. `{ token_use: 'access' }`. */
  readonly requiredClaimValues?: Readonly<Record<string, string>>;
}

export const DEFAULT_CLIENT_CLAIMS = ['client_id', 'azp'] as const;

// RFC 7515 §4.1.9: "application/" may be left out and media types compare case-insensitively.
const ACCESS_TOKEN_TYPES = new Set(['jwt', 'at+jwt']);

// OpenID Connect defines these hashes for ID tokens only.
const ID_TOKEN_HASH_CLAIMS = ['at_hash', 'c_hash', 's_hash'] as const;

/**
 * Refuses a verified token that is not an access token for this connector: an ID token (or another kind of JWT
 * the issuer signs), a token of another client, or one whose profile claims are wrong. Messages name claims, never
 * their values.
 * @throws InvalidToken
 */
export function checkAccessToken(header: JWTHeaderParameters, payload: JWTPayload, rules: AccessTokenRules): void {
  refuseOtherTokenKinds(header, payload, rules);
  checkAudience(payload, rules);
  checkClient(payload, rules);
  for (const [claim, expected] of Object.entries(rules.requiredClaimValues ?? {})) {
    if (payload[claim] !== expected) {
      throw new InvalidToken(`The token's "${claim}" claim is not acceptable: it must be "${expected}".`);
    }
  }
}

function refuseOtherTokenKinds(header: JWTHeaderParameters, payload: JWTPayload, rules: AccessTokenRules): void {
  if (header.typ !== undefined && !ACCESS_TOKEN_TYPES.has(header.typ.toLowerCase().replace(/^application\//, ''))) {
    throw new InvalidToken('The token is not an access token: its "typ" header names another kind of JWT.');
  }
  const marker = idTokenMarkerOf(payload, rules);
  if (marker !== undefined) throw new InvalidToken(`The token is an ID token (its "${marker}" claim), not an access token.`);
  const clientClaims = rules.clientClaims ?? DEFAULT_CLIENT_CLAIMS;
  if (rules.clientClaimRequired === true && !clientClaims.some((claim) => payload[claim] !== undefined)) {
    throw new InvalidToken(`The token is not an access token: it names no client (${quoted(clientClaims)}).`);
  }
}

/** The claim that shows `payload` is an ID token, if one does. */
function idTokenMarkerOf(payload: JWTPayload, rules: AccessTokenRules): string | undefined {
  const hash = ID_TOKEN_HASH_CLAIMS.find((claim) => payload[claim] !== undefined);
  if (hash !== undefined) return hash;
  if (payload['token_use'] === 'id') return 'token_use';
  // Keycloak marks its tokens in the payload: "Bearer" for access tokens, "ID" for ID tokens.
  if (typeof payload['typ'] === 'string' && payload['typ'].toLowerCase() === 'id') return 'typ';
  if (payload['nonce'] !== undefined && rules.nonceMeansIdToken === true) return 'nonce';
  // Access tokens carry the scopes granted; ID tokens carry none and are addressed to the client itself.
  // Keycloak before 24 copies the nonce into access tokens too, which is why a nonce alone does not decide here.
  if (payload['scope'] !== undefined || payload['scp'] !== undefined) return undefined;
  if (payload['nonce'] !== undefined) return 'nonce';
  const audiences = audiencesOf(payload);
  const clients = [...(rules.clientIds ?? []), ...(typeof payload['azp'] === 'string' ? [payload['azp']] : [])];
  return audiences.some((audience) => clients.includes(audience)) ? 'aud' : undefined;
}

function checkAudience(payload: JWTPayload, rules: AccessTokenRules): void {
  if (rules.audienceClaim === 'client_id') {
    if (!rules.audiences.includes(String(payload['client_id']))) {
      throw new InvalidToken('The token\'s "client_id" claim is not acceptable: unexpected client.');
    }
    return;
  }
  // Otherwise jose has checked `aud`, unless it may be absent.
  if (rules.audienceOptional !== true || payload.aud === undefined) return;
  if (!audiencesOf(payload).some((audience) => rules.audiences.includes(audience))) {
    throw new InvalidToken('The token\'s "aud" claim is not acceptable: it names no configured audience.');
  }
}

function checkClient(payload: JWTPayload, rules: AccessTokenRules): void {
  if (rules.clientIds === undefined) return;
  const clientIds = rules.clientIds;
  const clientClaims = rules.clientClaims ?? DEFAULT_CLIENT_CLAIMS;
  const present = clientClaims.filter((claim) => payload[claim] !== undefined);
  if (present.length === 0) throw new InvalidToken(`The token names no client (${quoted(clientClaims)}).`);
  const other = present.find((claim) => {
    const value = payload[claim];
    return typeof value !== 'string' || !clientIds.includes(value);
  });
  if (other !== undefined) throw new InvalidToken(`The token's "${other}" claim is not acceptable: another client.`);
}

function audiencesOf(payload: JWTPayload): string[] {
  const { aud } = payload;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((value): value is string => typeof value === 'string') : [];
}

function quoted(claims: readonly string[]): string {
  return claims.map((claim) => `"${claim}"`).join(' or ');
}
