import { DomainError } from './domain-error.js';

export class UnsupportedOperation extends DomainError {
  readonly code = 'UNSUPPORTED_OPERATION';

  constructor(readonly operationName: string) {
    super(`Operation ${JSON.stringify(operationName.slice(0, 64))} is not supported by this connector.`);
  }
}
