import { InvalidRequest } from '../domain/errors/invalid-request.js';
import type { AccessToken } from '../domain/access-token.js';

export interface OAuthAuthorization {
  readonly type: 'OAuth2.0';
  readonly token: AccessToken;
}

export interface GeneralAuthorization {
  readonly type: 'GeneralAuthorization';
  readonly secretsManager: { readonly arn: string; readonly versionId: string | undefined };
}

/** A validated connector invocation, independent of how it arrived (Lambda event, HTTP body). */
export interface ConnectorRequest {
  readonly operationName: string;
  readonly operationVersion: string;
  readonly connectorId: string;
  readonly auth: OAuthAuthorization | GeneralAuthorization;
  /** The whole request payload, for operations that carry more than the common fields. */
  readonly payload: Readonly<Record<string, unknown>>;
}

/** The `payload` of a successful response; `responseMessage` is always present. */
export interface ConnectorResult {
  readonly responseMessage: string;
  readonly [field: string]: unknown;
}

/** The bearer token of a request whose operation needs one. @throws InvalidRequest for GeneralAuthorization. */
export function bearerTokenOf(request: ConnectorRequest): AccessToken {
  if (request.auth.type !== 'OAuth2.0') {
    throw new InvalidRequest(`${request.operationName} needs header.auth.type "OAuth2.0" with a token.`);
  }
  return request.auth.token;
}
