import { DomainError } from './domain-error.js';

/** The connector's own setup is wrong (e.g. its client credentials were refused): not the user's fault. */
export class ConnectorMisconfigured extends DomainError {
  readonly code = 'CONFIGURATION_ERROR';

  constructor(message: string) {
    super(message);
  }
}
