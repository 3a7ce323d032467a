import type { AccountLink } from '../domain/account-link.js';
import type { AssociationState } from '../domain/association-state.js';

/** What may be shown of an association: never its tokens, state or PKCE verifier. */
export interface AssociationView {
  readonly associationId: string;
  readonly state: AssociationState;
  readonly userId: string | undefined;
  readonly errorMessage: string | undefined;
}

export function viewOf(link: AccountLink): AssociationView {
  return {
    associationId: link.associationId,
    state: link.state,
    userId: link.userId,
    errorMessage: link.errorMessage,
  };
}
