import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Deadline } from '../../application/deadline.js';
import type { RevocationOutcome, TokenRevoker, TokenTypeHint } from '../../application/ports/token-revoker.js';
import type { AccessToken } from '../../domain/access-token.js';
import { IdentityProviderUnavailable } from '../../domain/errors/identity-provider-unavailable.js';
import type { TokenAuthScheme } from '../oauth-form/token-auth-scheme.js';
import { oauthEndpointUnavailable, postOAuthForm } from '../oauth-form/post-oauth-form.js';
import { parseJsonObject } from '../outbound-http/parse-json-object.js';

export interface AxiosTokenRevokerOptions {
  /** The platform's revocation endpoint (`C2C_REVOCATION_URL`). */
  readonly revocationUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** How the client authenticates (`C2C_TOKEN_AUTH_SCHEME`), as at the token endpoint. Default `HTTP_BASIC`. */
  readonly authScheme?: TokenAuthScheme;
}

/** RFC 7009 token revocation through axios, with the linking flow's client authentication. */
export class AxiosTokenRevoker implements TokenRevoker {
  constructor(
    private readonly http: AxiosInstance,
    private readonly options: AxiosTokenRevokerOptions,
  ) {}

  async revoke(token: AccessToken, hint: TokenTypeHint, deadline: Deadline): Promise<RevocationOutcome> {
    const response = await postOAuthForm(
      this.http,
      {
        endpoint: 'revocation',
        url: this.options.revocationUrl,
        fields: { token: token.reveal(), token_type_hint: hint },
        client: this.options,
        maxResponseBytes: 16 * 1024,
      },
      deadline,
    );
    return outcomeOf(response);
  }
}

function outcomeOf(response: AxiosResponse<string>): RevocationOutcome {
  // RFC 7009 §2.2: 200 whether or not the server still knew the token.
  if (response.status === 200) return 'revoked';
  const error = oauthError(response.data);
  if (response.status === 400 && error === 'unsupported_token_type') return 'unsupported';
  // Anything else (503 with Retry-After, invalid_client, a proxy's 502) leaves the token alive: report it so the caller retries.
  throw unavailable(`HTTP ${response.status}${error === '' ? '' : `, ${error}`}`);
}

function oauthError(text: string): string {
  const error = parseJsonObject(text)?.['error'];
  return typeof error === 'string' ? error.replace(/[^a-z_]/g, '').slice(0, 64) : '';
}

function unavailable(reason: string): IdentityProviderUnavailable {
  return oauthEndpointUnavailable('revocation', reason);
}
