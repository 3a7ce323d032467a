import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Deadline } from '../../application/deadline.js';
import type { IdentityClaims } from '../../application/ports/identity-claims.js';
import type { IdentityOutcome, IdentitySource } from '../../application/ports/identity-source.js';
import type { AccessToken } from '../../domain/access-token.js';
import { claimAsText } from '../claims/read-claim.js';
import { readUserKey, type UserKeyRule } from '../claims/read-user-key.js';
import type { ClientCredentials } from '../oauth-form/client-authentication.js';
import { postOAuthForm } from '../oauth-form/post-oauth-form.js';
import { parseJsonObject } from '../outbound-http/parse-json-object.js';
import { isTransientStatus } from '../outbound-http/send-with-retries.js';
import { clientRefused, oauthErrorOf, unusableBody, unusableStatus, type Upstream } from '../outbound-http/upstream-failure.js';

const INTROSPECTION: Upstream = { name: 'The introspection endpoint', configuredBy: 'C2C_INTROSPECTION_URL' };

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

/**
 * Asks the authorization server's RFC 7662 introspection endpoint whether the token is active, and whose it
 * is. An inactive token is declined (a later source may know it); at the end of the chain it is INVALID_TOKEN.
 */
export class AxiosIntrospectionLookup implements IdentitySource {
  readonly #issuer: string;

  constructor(
    private readonly http: AxiosInstance,
    private readonly options: AxiosIntrospectionLookupOptions,
  ) {
    this.#issuer = options.issuer ?? new URL(options.url).origin;
  }

  async identify(token: AccessToken, deadline: Deadline): Promise<IdentityOutcome> {
    const response = await postOAuthForm(
      this.http,
      {
        endpoint: INTROSPECTION,
        url: this.options.url,
        fields: { token: token.reveal(), token_type_hint: 'access_token' },
        client: this.options,
        maxResponseBytes: this.options.maxResponseBytes ?? 64 * 1024,
      },
      deadline,
    );
    return this.#readIdentity(response);
  }

  #readIdentity(response: AxiosResponse<string>): IdentityOutcome {
    const { status } = response;
    if (status !== 200) {
      const error = oauthErrorOf(response);
      // RFC 7662 §2.1: the endpoint authenticates the caller, never the token it is asked about.
      if (status === 401 || status === 403 || (!isTransientStatus(status) && error === 'invalid_client')) {
        throw clientRefused(INTROSPECTION, status, error, 'C2C_INTROSPECTION_CLIENT_ID and C2C_INTROSPECTION_CLIENT_SECRET');
      }
      throw unusableStatus(INTROSPECTION, status, error);
    }
    const answer = parseJsonObject(response.data);
    if (answer === undefined) throw unusableBody(INTROSPECTION, 'something that is not JSON, or not a JSON object');
    if (answer['active'] !== true) return { recognised: false, reason: 'the authorization server says the token is not active' };

    const userId = readUserKey(answer, this.options.userKey ?? {}, 'The introspection answer');
    const exp = answer['exp'];
    const issuer = typeof answer['iss'] === 'string' && answer['iss'] !== '' ? answer['iss'] : this.#issuer;
    const claims: IdentityClaims = {
      userId,
      issuer,
      subject: claimAsText(answer['sub']) ?? userId,
      source: 'introspection',
      ...(typeof exp === 'number' && Number.isFinite(exp) ? { expiresAt: new Date(exp * 1000) } : {}),
    };
    return { recognised: true, claims };
  }
}
