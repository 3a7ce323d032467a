import type { TokenAuthScheme } from './token-auth-scheme.js';

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Default `HTTP_BASIC`. */
  readonly authScheme?: TokenAuthScheme;
}

/**
 * Authenticates the client on a form POST to the token, revocation or introspection endpoint: an
 * `Authorization: Basic` header, or `client_id` and `client_secret` in the form.
 */
export function authenticateClient(credentials: ClientCredentials, form: URLSearchParams, headers: Record<string, string>): void {
  if ((credentials.authScheme ?? 'HTTP_BASIC') === 'HTTP_BASIC') {
    // RFC 6749 §2.3.1: each part is form-urlencoded before the Basic encoding.
    const user = encodeURIComponent(credentials.clientId);
    const password = encodeURIComponent(credentials.clientSecret);
    headers['Authorization'] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  } else {
    form.set('client_id', credentials.clientId);
    form.set('client_secret', credentials.clientSecret);
  }
}
