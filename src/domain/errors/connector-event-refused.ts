import { DomainError } from './domain-error.js';

/** A connector event about something that is not the sending connector's, or not the named user's. */
export class ConnectorEventRefused extends DomainError {
  readonly code = 'CONNECTOR_EVENT_REFUSED';

  constructor(reason: string) {
    super(`The connector event is refused: ${reason}.`);
  }
}
