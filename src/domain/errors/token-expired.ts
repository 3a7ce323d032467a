import { DomainError } from './domain-error.js';

export class TokenExpired extends DomainError {
  readonly code = 'EXPIRED_TOKEN';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
