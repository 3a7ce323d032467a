import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Deadline } from '../../application/deadline.js';
import { failureWithoutAnswer, unavailable, type Upstream } from '../outbound-http/upstream-failure.js';
import { authenticateClient, type ClientCredentials } from './client-authentication.js';

export interface OAuthFormPost {
  /** The endpoint, as messages name it and as it is configured. */
  readonly endpoint: Upstream;
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly client: ClientCredentials;
  readonly maxResponseBytes: number;
}

/**
 * A client-authenticated form POST to an authorization server endpoint (RFC 6749 §2.3.1), within the
 * deadline. Answers whatever status came back; when no answer did, throws IdentityProviderUnavailable (or
 * ConnectorMisconfigured for an answer larger than allowed, which a retry would bring again).
 */
export async function postOAuthForm(http: AxiosInstance, post: OAuthFormPost, deadline: Deadline): Promise<AxiosResponse<string>> {
  const timeout = deadline.remainingMs();
  if (timeout === 0) throw unavailable(post.endpoint, 'no time left in the deadline');
  const form = new URLSearchParams(post.fields);
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  authenticateClient(post.client, form, headers);
  try {
    return await http.post<string>(post.url, form.toString(), {
      timeout,
      signal: deadline.signal,
      maxContentLength: post.maxResponseBytes,
      headers,
    });
  } catch (error) {
    // The AxiosError is not kept as cause: its config carries the form (a token or code) and the client secret.
    throw failureWithoutAnswer(post.endpoint, error);
  }
}
