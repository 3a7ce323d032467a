import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Deadline } from '../../application/deadline.js';
import type { RevocationOutcome, TokenRevoker, TokenTypeHint } from '../../application/ports/token-revoker.js';
import type { AccessToken } from '../../domain/access-token.js';
import type { TokenAuthScheme } from '../oauth-form/token-auth-scheme.js';
import { postOAuthForm } from '../oauth-form/post-oauth-form.js';
import { isTransientStatus } from '../outbound-http/send-with-retries.js';
import { clientRefused, oauthErrorOf, unusableStatus, type Upstream } from '../outbound-http/upstream-failure.js';

const CONNECTOR_CLIENT = {
  urlVariable: 'C2C_REVOCATION_URL',
  clientVariables: 'C2C_REVOCATION_CLIENT_ID, C2C_REVOCATION_CLIENT_SECRET and C2C_REVOCATION_AUTH_SCHEME',
};

export interface AxiosTokenRevokerOptions {
  /** The platform's revocation endpoint (`C2C_REVOCATION_URL`). */
  readonly revocationUrl: string;
  /** `C2C_REVOCATION_CLIENT_ID`, by default the linking client's `C2C_CLIENT_ID`. */
  readonly clientId: string;
  /** `C2C_REVOCATION_CLIENT_SECRET`, by default `C2C_CLIENT_SECRET`. */
  readonly clientSecret: string;
  /** How the client authenticates (`C2C_REVOCATION_AUTH_SCHEME`, by default `C2C_TOKEN_AUTH_SCHEME`). Default `HTTP_BASIC`. */
  readonly authScheme?: TokenAuthScheme;
  /**
   * The variables errors name: where the URL and the client come from. Default the connector's
   * (`C2C_REVOCATION_URL`, `C2C_REVOCATION_CLIENT_*`); the linking flow revokes as its own client.
   */
  readonly configuredBy?: { readonly urlVariable: string; readonly clientVariables: string };
}

/** RFC 7009 token revocation through axios, authenticated as the connector's client. */
export class AxiosTokenRevoker implements TokenRevoker {
  constructor(
    private readonly http: AxiosInstance,
    private readonly options: AxiosTokenRevokerOptions,
  ) {}

  async revoke(token: AccessToken, hint: TokenTypeHint, deadline: Deadline): Promise<RevocationOutcome> {
    const configuredBy = this.options.configuredBy ?? CONNECTOR_CLIENT;
    const endpoint: Upstream = { name: 'The revocation endpoint', configuredBy: configuredBy.urlVariable };
    const response = await postOAuthForm(
      this.http,
      {
        endpoint,
        url: this.options.revocationUrl,
        fields: { token: token.reveal(), token_type_hint: hint },
        client: this.options,
        maxResponseBytes: 16 * 1024,
      },
      deadline,
    );
    return outcomeOf(response, endpoint, configuredBy.clientVariables);
  }
}

function outcomeOf(response: AxiosResponse<string>, endpoint: Upstream, clientVariables: string): RevocationOutcome {
  const { status } = response;
  // RFC 7009 §2.2: 200 whether or not the server still knew the token.
  if (status === 200) return 'revoked';
  const error = oauthErrorOf(response);
  if (status === 400 && error === 'unsupported_token_type') return 'unsupported';
  // Anything else leaves the token alive. A 503 or a proxy's 502 is worth the retry; our own client refused,
  // or a wrong URL, is the same on every retry.
  if (!isTransientStatus(status) && (status === 401 || error === 'invalid_client')) {
    throw clientRefused(endpoint, status, error, clientVariables);
  }
  throw unusableStatus(endpoint, status, error);
}
