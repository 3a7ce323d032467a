import { DomainError } from './domain-error.js';

export class InvalidUserId extends DomainError {
  readonly code = 'INVALID_USER_ID';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
