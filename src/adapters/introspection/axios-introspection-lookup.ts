import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Deadline } from '../../application/deadline.js';
import type { IdentityClaims } from '../../application/ports/identity-claims.js';
import type { IdentityLookup } from '../../application/ports/identity-lookup.js';
import type { AccessToken } from '../../domain/access-token.js';
import { ConnectorMisconfigured } from '../../domain/errors/connector-misconfigured.js';
import { IdentityProviderUnavailable } from '../../domain/errors/identity-provider-unavailable.js';
import { InvalidToken } from '../../domain/errors/invalid-token.js';
import { claimAsText } from '../claims/read-claim.js';
import { readUserKey, type UserKeyRule } from '../claims/read-user-key.js';
import { authenticateClient, type ClientCredentials } from '../oauth/client-authentication.js';
import { describeHttpFailure } from '../outbound-http/describe-http-failure.js';

export interface AxiosIntrospectionLookupOptions extends ClientCredentials {
  /** RFC 7662 introspection endpoint (`C2C_INTROSPECTION_URL`). */
  readonly url: string;
  /** Where the user key is in the introspection answer. Default claim `sub`. */
  readonly userKey?: UserKeyRule;
  /** Issuer recorded when the answer has no `iss`. Default: the endpoint's origin. */
  readonly issuer?: string;
  /** Largest answer accepted. Default 64 KiB. */
  readonly maxResponseBytes?: number;
}

/** Asks the authorization server's RFC 7662 introspection endpoint whether the token is active, and whose it is. */
export class AxiosIntrospectionLookup implements IdentityLookup {
  readonly #issuer: string;

  constructor(
    private readonly http: AxiosInstance,
    private readonly options: AxiosIntrospectionLookupOptions,
  ) {
    this.#issuer = options.issuer ?? new URL(options.url).origin;
  }

  async lookup(token: AccessToken, deadline: Deadline): Promise<IdentityClaims> {
    const timeout = deadline.remainingMs();
    if (timeout === 0) throw unavailable('no time left in the deadline');
    const form = new URLSearchParams({ token: token.reveal(), token_type_hint: 'access_token' });
    const headers: Record<string, string> = {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    };
    authenticateClient(this.options, form, headers);
    let response: AxiosResponse<string>;
    try {
      response = await this.http.post<string>(this.options.url, form.toString(), {
        timeout,
        signal: deadline.signal,
        maxContentLength: this.options.maxResponseBytes ?? 64 * 1024,
        headers,
      });
    } catch (error) {
      // The AxiosError is not kept as cause: its config carries the token and the client secret.
      throw unavailable(describeHttpFailure(error));
    }
    return this.#readIdentity(response);
  }

  #readIdentity(response: AxiosResponse<string>): IdentityClaims {
    const { status } = response;
    if (status === 401 || status === 403) {
      throw new ConnectorMisconfigured(
        `The introspection endpoint refused the connector's client credentials (HTTP ${status}); ` +
          'check C2C_INTROSPECTION_CLIENT_ID and C2C_INTROSPECTION_CLIENT_SECRET.',
      );
    }
    if (status !== 200) throw unavailable(`HTTP ${status}`);
    let body: unknown;
    try {
      body = JSON.parse(response.data);
    } catch {
      throw unavailable('the answer is not JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw unavailable('the answer is not a JSON object');
    const answer = body as Record<string, unknown>;
    if (answer['active'] !== true) throw new InvalidToken('The authorization server says the token is not active.');

    const userId = readUserKey(answer, this.options.userKey ?? {}, 'The introspection answer');
    const exp = answer['exp'];
    const issuer = typeof answer['iss'] === 'string' && answer['iss'] !== '' ? answer['iss'] : this.#issuer;
    return {
      userId,
      issuer,
      subject: claimAsText(answer['sub']) ?? userId,
      source: 'introspection',
      ...(typeof exp === 'number' && Number.isFinite(exp) ? { expiresAt: new Date(exp * 1000) } : {}),
    };
  }
}

function unavailable(reason: string): IdentityProviderUnavailable {
  return new IdentityProviderUnavailable(`The introspection endpoint gave no usable answer: ${reason}.`);
}
