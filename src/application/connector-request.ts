import type { AccessToken } from '../domain/access-token.js';
import type { SecretValue } from '../domain/secret-value.js';
import type { SecretReference } from './ports/secret-store.js';

export interface OAuthAuthorization {
  readonly type: 'OAuth2.0';
  readonly token: AccessToken;
}

/** The request names a secret in Secrets Manager; the connector reads it (`SecretStore`). */
export interface GeneralAuthorization {
  readonly type: 'GeneralAuthorization';
  readonly secretsManager: SecretReference;
}

/** General Authorization once the secret it names has been read: what identity sources and operation handlers receive. */
export interface SecretCredential extends GeneralAuthorization {
  readonly secret: SecretValue;
}

/** A validated connector invocation, independent of how it arrived (Lambda event, HTTP body). */
export interface ConnectorRequest {
  readonly operationName: string;
  readonly operationVersion: string;
  readonly connectorId: string;
  /** Branch on `type`: a bearer token, or a reference to a secret. */
  readonly auth: OAuthAuthorization | GeneralAuthorization;
  /** The whole request payload, for operations that carry more than the common fields. */
  readonly payload: Readonly<Record<string, unknown>>;
}

/** A request whose user is known, as an operation handler receives it: a General Authorization secret is read by then. */
export interface IdentifiedRequest extends ConnectorRequest {
  readonly auth: OAuthAuthorization | SecretCredential;
}

/** The `payload` of a successful response; `responseMessage` is always present. */
export interface ConnectorResult {
  readonly responseMessage: string;
  readonly [field: string]: unknown;
}
