import { DomainError } from './domain-error.js';

export class IdentityProviderUnavailable extends DomainError {
  readonly code = 'IDENTITY_PROVIDER_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
