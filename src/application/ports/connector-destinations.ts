import type { AuthorizationRequest } from '../authorization-request.js';

/**
 * A connector destination: one linking configuration (authorization server, client, scopes) that account
 * associations are created for, as CreateConnectorDestination defines one in managed integrations.
 */
export interface ConnectorDestination {
  /** 1–64 of `[A-Za-z0-9_-]`. */
  readonly id: string;
  /** Builds the OAuthAuthorizationUrls of this destination's round trips. */
  readonly authorization: AuthorizationRequest;
}

/**
 * Port: the connector destinations associations can name. Today one, from the `C2C_*` linking variables;
 * the association use cases ask only this port, so more can come from elsewhere without changing them.
 */
export interface ConnectorDestinations {
  find(connectorDestinationId: string): Promise<ConnectorDestination | undefined>;

  /**
   * The destination an association that names none belongs to: the only one, when there is exactly one
   * (CreateAccountAssociation without ConnectorDestinationId, and links stored before destinations existed).
   */
  sole(): Promise<ConnectorDestination | undefined>;
}
