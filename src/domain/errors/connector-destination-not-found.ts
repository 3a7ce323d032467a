import { DomainError } from './domain-error.js';

export class ConnectorDestinationNotFound extends DomainError {
  readonly code = 'CONNECTOR_DESTINATION_NOT_FOUND';

  constructor(readonly connectorDestinationId: string) {
    super(`Connector destination ${connectorDestinationId} does not exist.`);
  }
}
