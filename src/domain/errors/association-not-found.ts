import { DomainError } from './domain-error.js';

export class AssociationNotFound extends DomainError {
  readonly code = 'ASSOCIATION_NOT_FOUND';

  constructor(readonly associationId: string) {
    super(`Account association ${associationId} does not exist.`);
  }
}
