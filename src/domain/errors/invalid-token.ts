import { DomainError } from './domain-error.js';

export class InvalidToken extends DomainError {
  readonly code = 'INVALID_TOKEN';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
