import { DomainError } from './domain-error.js';

/** A compare-and-set lost: someone else changed the association since it was read. */
export class AssociationModifiedConcurrently extends DomainError {
  readonly code = 'ASSOCIATION_MODIFIED_CONCURRENTLY';

  constructor(readonly associationId: string) {
    super(`Account association ${associationId} was changed by another request.`);
  }
}
