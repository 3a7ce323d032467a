import { DomainError } from './domain-error.js';

export class InvalidRequest extends DomainError {
  readonly code = 'INVALID_REQUEST';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
