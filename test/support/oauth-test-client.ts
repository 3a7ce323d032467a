import { randomBytes } from 'node:crypto';
import type { PkcePair } from './pkce.js';

export interface OAuthTestClientOptions {
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly revocationUrl: string;
  readonly introspectionUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
}

export interface TokenEndpointAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export type ClientAuthentication = 'client_secret_basic' | 'client_secret_post';

/** The client side of OAuth 2.0 written out by hand with fetch, to exercise an authorization server directly. */
export class OAuthTestClient {
  constructor(private readonly options: OAuthTestClientOptions) {}

  authorizationRequest(pkce: PkcePair, scope: string, state = randomBytes(16).toString('base64url')): string {
    const url = new URL(this.options.authorizationUrl);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.options.clientId,
      redirect_uri: this.options.redirectUri,
      scope,
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    }).toString();
    return url.href;
  }

  exchangeCode(code: string, verifier: string, authentication: ClientAuthentication = 'client_secret_basic'): Promise<TokenEndpointAnswer> {
    return this.#post(this.options.tokenUrl, authentication, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.options.redirectUri,
      code_verifier: verifier,
    });
  }

  refresh(refreshToken: string, authentication: ClientAuthentication = 'client_secret_basic'): Promise<TokenEndpointAnswer> {
    return this.#post(this.options.tokenUrl, authentication, { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  revoke(token: string, tokenTypeHint?: 'access_token' | 'refresh_token'): Promise<TokenEndpointAnswer> {
    return this.#post(this.options.revocationUrl, 'client_secret_basic', {
      token,
      ...(tokenTypeHint === undefined ? {} : { token_type_hint: tokenTypeHint }),
    });
  }

  introspect(token: string): Promise<TokenEndpointAnswer> {
    return this.#post(this.options.introspectionUrl, 'client_secret_basic', { token });
  }

  async #post(url: string, authentication: ClientAuthentication, fields: Record<string, string>): Promise<TokenEndpointAnswer> {
    const { clientId, clientSecret } = this.options;
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    const form = new URLSearchParams(fields);
    if (authentication === 'client_secret_basic') {
      const credentials = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
      headers['authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
    } else {
      form.set('client_id', clientId);
      form.set('client_secret', clientSecret);
    }
    const response = await fetch(url, { method: 'POST', headers, body: form.toString() });
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }
}
