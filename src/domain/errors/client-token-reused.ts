import { DomainError } from './domain-error.js';

/** A ClientToken already created an association with other parameters: the retry is not the same request. */
export class ClientTokenReused extends DomainError {
  readonly code = 'CLIENT_TOKEN_REUSED';

  constructor(readonly associationId: string) {
    super('The ClientToken was already used to create an account association with other parameters.');
  }
}
