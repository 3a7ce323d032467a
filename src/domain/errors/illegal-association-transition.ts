import { DomainError } from './domain-error.js';

export class IllegalAssociationTransition extends DomainError {
  readonly code = 'ILLEGAL_ASSOCIATION_TRANSITION';

  constructor(
    readonly associationId: string,
    readonly from: string,
    readonly action: string,
  ) {
    super(`Account association ${associationId} cannot ${action} while ${from}.`);
  }
}
