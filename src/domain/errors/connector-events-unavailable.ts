import { DomainError } from './domain-error.js';

/** Managed integrations' SendConnectorEvent (or the emulator's) gave no usable answer in time: a retry may cure it. */
export class ConnectorEventsUnavailable extends DomainError {
  readonly code = 'CONNECTOR_EVENTS_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
