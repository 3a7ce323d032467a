import { DomainError } from './domain-error.js';

export class LinkingFailed extends DomainError {
  readonly code = 'LINKING_FAILED';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
