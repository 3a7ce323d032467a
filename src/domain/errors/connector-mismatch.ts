import { DomainError } from './domain-error.js';

export class ConnectorMismatch extends DomainError {
  readonly code = 'CONNECTOR_MISMATCH';

  constructor(readonly requestedConnectorId: string) {
    super('The request names a connector other than this one.');
  }
}
