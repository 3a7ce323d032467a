import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Deadline } from '../../application/deadline.js';
import { IdentityProviderUnavailable } from '../../domain/errors/identity-provider-unavailable.js';
import { describeHttpFailure } from '../outbound-http/describe-http-failure.js';
import { authenticateClient, type ClientCredentials } from './client-authentication.js';

export interface OAuthFormPost {
  /** What the endpoint is called in messages: "token", "revocation", "introspection". */
  readonly endpoint: string;
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly client: ClientCredentials;
  readonly maxResponseBytes: number;
}

/**
 * A client-authenticated form POST to an authorization server endpoint (RFC 6749 §2.3.1), within the
 * deadline. Answers whatever status came back; throws IdentityProviderUnavailable when no answer did.
 */
export async function postOAuthForm(http: AxiosInstance, post: OAuthFormPost, deadline: Deadline): Promise<AxiosResponse<string>> {
  const timeout = deadline.remainingMs();
  if (timeout === 0) throw oauthEndpointUnavailable(post.endpoint, 'no time left in the deadline');
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
    throw oauthEndpointUnavailable(post.endpoint, describeHttpFailure(error));
  }
}

export function oauthEndpointUnavailable(endpoint: string, reason: string): IdentityProviderUnavailable {
  return new IdentityProviderUnavailable(`The ${endpoint} endpoint gave no usable answer: ${reason}.`);
}
