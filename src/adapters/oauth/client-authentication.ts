export type TokenAuthScheme = 'HTTP_BASIC' | 'REQUEST_BODY_CREDENTIALS';

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Default `HTTP_BASIC`. */
  readonly authScheme?: TokenAuthScheme;
}

/**
 * Adds OAuth client authentication (RFC 6749 §2.3.1) to a form request: an `Authorization: Basic` header,
 * or `client_id`/`client_secret` in the body.
 */
export function authenticateClient(credentials: ClientCredentials, form: URLSearchParams, headers: Record<string, string>): void {
  if ((credentials.authScheme ?? 'HTTP_BASIC') === 'HTTP_BASIC') {
    // Each part is form-urlencoded before the Basic encoding, as §2.3.1 requires.
    const user = encodeURIComponent(credentials.clientId);
    const password = encodeURIComponent(credentials.clientSecret);
    headers['Authorization'] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  } else {
    form.set('client_id', credentials.clientId);
    form.set('client_secret', credentials.clientSecret);
  }
}
