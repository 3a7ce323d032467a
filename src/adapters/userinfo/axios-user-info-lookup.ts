import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Deadline } from '../../application/deadline.js';
import type { IdentityClaims } from '../../application/ports/identity-claims.js';
import type { SecretCredential } from '../../application/connector-request.js';
import type { IdentityOutcome, IdentitySource } from '../../application/ports/identity-source.js';
import type { AccessToken } from '../../domain/access-token.js';
import { claimAsText } from '../claims/read-claim.js';
import { readUserKey, type UserKeyRule } from '../claims/read-user-key.js';
import { bearerAuthorization } from '../outbound-http/bearer-authorization.js';
import { sendWithRetries, type RetryPolicy } from '../outbound-http/send-with-retries.js';
import { parseJsonObject } from '../outbound-http/parse-json-object.js';
import {
  clientRefused,
  failureWithoutAnswer,
  oauthErrorOf,
  unavailable,
  unusableBody,
  unusableStatus,
  type Upstream,
} from '../outbound-http/upstream-failure.js';

const USERINFO: Upstream = { name: 'The userinfo endpoint', configuredBy: 'C2C_USERINFO_URL' };

export interface AxiosUserInfoLookupOptions {
  /** OIDC userinfo endpoint, or any bearer-protected profile endpoint answering JSON. */
  readonly url: string;
  /** Claim (dot path allowed) that holds the user id. Default `sub`. */
  readonly userIdClaim?: string;
  /** Builds the user key from several claims of the answer, e.g. `{org}_{sub}`; takes precedence over `userIdClaim`. */
  readonly userIdTemplate?: string;
  /** Issuer recorded when the answer has no `iss`. Default: the endpoint's origin. */
  readonly issuer?: string;
  /** Largest answer accepted. Default 64 KiB. */
  readonly maxResponseBytes?: number;
  /** Retries of transient failures (network error, 5xx, 429) within the deadline. Default none. */
  readonly retry?: RetryPolicy;
  /**
   * Lets the source answer General Authorization requests too: the endpoint is called with this header,
   * its value the secret's field (e.g. `X-Api-Key` from the field `apiKey`). Unset: such requests go past it.
   */
  readonly credential?: { readonly header: string; readonly field: string };
}

/**
 * Asks the authorization server's userinfo endpoint who owns the token. A token the server refuses (400,
 * 401, 403) is declined, so that a later source may still know it; at the end of the chain it is INVALID_TOKEN.
 * A refusal of the client (`invalid_client`) or any other answer no retry changes (404, 405, a redirect, a
 * body that is not a JSON object) is CONFIGURATION_ERROR; only timeouts, network errors, 429 and 5xx are
 * IDENTITY_PROVIDER_UNAVAILABLE.
 */
export class AxiosUserInfoLookup implements IdentitySource {
  readonly #userKey: UserKeyRule;
  readonly #issuer: string;
  readonly #maxResponseBytes: number;

  constructor(
    private readonly http: AxiosInstance,
    private readonly options: AxiosUserInfoLookupOptions,
  ) {
    this.#userKey = {
      claim: options.userIdClaim ?? 'sub',
      ...(options.userIdTemplate === undefined ? {} : { template: options.userIdTemplate }),
    };
    this.#issuer = options.issuer ?? new URL(options.url).origin;
    this.#maxResponseBytes = options.maxResponseBytes ?? 64 * 1024;
    if (options.credential !== undefined) this.identifyCredential = (credential, deadline) => this.#identifyCredential(credential, deadline);
  }

  async identify(token: AccessToken, deadline: Deadline): Promise<IdentityOutcome> {
    return this.#ask({ Authorization: bearerAuthorization(token) }, 'the token', deadline);
  }

  /** Present only when `credential` is configured, so that ActivateUser asks it of General Authorization requests. */
  declare identifyCredential?: (credential: SecretCredential, deadline: Deadline) => Promise<IdentityOutcome>;

  async #identifyCredential(credential: SecretCredential, deadline: Deadline): Promise<IdentityOutcome> {
    const { header, field } = this.options.credential!;
    const value = credential.secret.field(field);
    if (value === undefined) return { recognised: false, reason: `the secret has no "${field}" field` };
    return this.#ask({ [header]: value.reveal() }, 'the credential', deadline);
  }

  async #ask(credentials: Readonly<Record<string, string>>, presented: string, deadline: Deadline): Promise<IdentityOutcome> {
    if (deadline.remainingMs() === 0) throw unavailable(USERINFO, 'no time left in the deadline');
    let response: AxiosResponse<string>;
    try {
      response = await sendWithRetries(deadline, this.options.retry ?? {}, (timeout) =>
        this.http.get<string>(this.options.url, {
          timeout,
          signal: deadline.signal,
          maxContentLength: this.#maxResponseBytes,
          headers: { ...credentials, Accept: 'application/json' },
        }),
      );
    } catch (error) {
      // The AxiosError is not kept as cause: its config carries the Authorization (or credential) header.
      throw failureWithoutAnswer(USERINFO, error);
    }
    return this.#readIdentity(response, presented);
  }

  #readIdentity(response: AxiosResponse<string>, presented: string): IdentityOutcome {
    const { status } = response;
    if (status === 401 || status === 403 || status === 400) {
      const error = oauthErrorOf(response);
      if (error === 'invalid_client') throw clientRefused(USERINFO, status, error, 'C2C_USERINFO_URL and what the endpoint asks of its clients');
      return { recognised: false, reason: `the authorization server rejected ${presented} (userinfo answered HTTP ${status})` };
    }
    if (status !== 200) throw unusableStatus(USERINFO, status);

    const profile = parseJsonObject(response.data);
    if (profile === undefined) throw unusableBody(USERINFO, 'something that is not JSON, or not a JSON object');
    const userId = readUserKey(profile, this.#userKey, 'The userinfo answer');
    const subject = claimAsText(profile['sub']) ?? userId;
    const answeredIssuer = profile['iss'];
    const issuer = typeof answeredIssuer === 'string' && answeredIssuer.length > 0 ? answeredIssuer : this.#issuer;
    const claims: IdentityClaims = { userId, issuer, subject, source: 'userinfo' };
    return { recognised: true, claims };
  }
}
