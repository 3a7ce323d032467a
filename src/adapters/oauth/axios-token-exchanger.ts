import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Deadline } from '../../application/deadline.js';
import type { Clock } from '../../application/ports/clock.js';
import type { CodeExchange, ExchangedTokens, TokenExchanger } from '../../application/ports/token-exchanger.js';
import type { TokenRefresher } from '../../application/ports/token-refresher.js';
import { AccessToken } from '../../domain/access-token.js';
import { LinkingFailed } from '../../domain/errors/linking-failed.js';
import type { LinkedTokens } from '../../domain/linked-tokens.js';
import { SecretValue } from '../../domain/secret-value.js';
import type { TokenAuthScheme } from '../oauth-form/token-auth-scheme.js';
import { postOAuthForm } from '../oauth-form/post-oauth-form.js';
import { parseJsonObject } from '../outbound-http/parse-json-object.js';
import { unavailable, type Upstream } from '../outbound-http/upstream-failure.js';

const TOKEN_ENDPOINT: Upstream = { name: 'The token endpoint', configuredBy: 'C2C_TOKEN_URL' };

export type { TokenAuthScheme } from '../oauth-form/token-auth-scheme.js';

export interface AxiosTokenExchangerOptions {
  /** The platform's token endpoint (`C2C_TOKEN_URL`). */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** How the client authenticates (`C2C_TOKEN_AUTH_SCHEME`). Default `HTTP_BASIC`. */
  readonly authScheme?: TokenAuthScheme;
  /** Largest answer accepted. Default 64 KiB. */
  readonly maxResponseBytes?: number;
}

/**
 * RFC 6749 §4.1.3 authorization_code grant with the PKCE verifier, and the §6 refresh_token grant, through
 * axios, the client authenticated the same way at both.
 */
export class AxiosTokenExchanger implements TokenExchanger, TokenRefresher {
  /** @param clock `expires_in` counts from its wall-clock time. */
  constructor(
    private readonly http: AxiosInstance,
    private readonly clock: Clock,
    private readonly options: AxiosTokenExchangerOptions,
  ) {}

  async exchange(request: CodeExchange, deadline: Deadline): Promise<ExchangedTokens> {
    const response = await postOAuthForm(
      this.http,
      {
        endpoint: TOKEN_ENDPOINT,
        url: this.options.tokenUrl,
        fields: {
          grant_type: 'authorization_code',
          code: request.code,
          redirect_uri: request.redirectUri,
          code_verifier: request.codeVerifier,
        },
        client: this.options,
        maxResponseBytes: this.options.maxResponseBytes ?? 64 * 1024,
      },
      deadline,
    );
    return readTokens(response, this.clock.now(), 'code');
  }

  async refresh(refreshToken: AccessToken, deadline: Deadline): Promise<LinkedTokens> {
    const response = await postOAuthForm(
      this.http,
      {
        endpoint: TOKEN_ENDPOINT,
        url: this.options.tokenUrl,
        fields: { grant_type: 'refresh_token', refresh_token: refreshToken.reveal() },
        client: this.options,
        maxResponseBytes: this.options.maxResponseBytes ?? 64 * 1024,
      },
      deadline,
    );
    return readTokens(response, this.clock.now(), 'refresh token');
  }
}

function readTokens(response: AxiosResponse<string>, receivedAt: Date, refused: 'code' | 'refresh token'): ExchangedTokens {
  const body = parseJsonObject(response.data);
  if (response.status >= 500) throw unavailable(TOKEN_ENDPOINT, `HTTP ${response.status}`);
  if (response.status !== 200) {
    const error = typeof body?.['error'] === 'string' ? body['error'].replace(/[^a-z_]/g, '').slice(0, 64) : '';
    throw new LinkingFailed(
      error === '' ? 'server_error' : error,
      `The token endpoint refused the ${refused} (HTTP ${response.status}${error === '' ? '' : `, ${error}`}).`,
    );
  }
  if (body === undefined) throw new LinkingFailed('server_error', 'The token endpoint did not answer a JSON object.');
  const accessToken = body['access_token'];
  const tokenType = body['token_type'];
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new LinkingFailed('server_error', 'The token endpoint answered no access_token.');
  }
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    throw new LinkingFailed('server_error', 'The token endpoint answered a token type other than Bearer.');
  }
  const refreshToken = body['refresh_token'];
  const idToken = body['id_token'];
  return {
    accessToken: AccessToken.of(accessToken),
    refreshToken: typeof refreshToken === 'string' && refreshToken !== '' ? AccessToken.of(refreshToken) : undefined,
    expiresAt: instantAfter(receivedAt, body['expires_in']),
    // Not in RFC 6749, but what Keycloak and others answer; without it proactive renewal has nothing to go by.
    refreshExpiresAt: instantAfter(receivedAt, body['refresh_expires_in']),
    obtainedAt: receivedAt,
    // Any value but a non-empty string is handed on as it is, as text, for the ID token check to refuse.
    ...(idToken === undefined || idToken === null ? {} : { idToken: SecretValue.of(typeof idToken === 'string' ? idToken : JSON.stringify(idToken)) }),
  };
}

/** `seconds` from `from`, for a positive number of seconds (some platforms send it as a numeric string). */
function instantAfter(from: Date, seconds: unknown): Date | undefined {
  const value = typeof seconds === 'string' && /^\d+$/.test(seconds) ? Number(seconds) : seconds;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? new Date(from.getTime() + value * 1000) : undefined;
}
