import { DomainError } from './domain-error.js';

/** The caller did not prove who it is (a missing or wrong API key). */
export class Unauthenticated extends DomainError {
  readonly code = 'UNAUTHENTICATED';

  constructor(message: string) {
    super(message);
  }
}
