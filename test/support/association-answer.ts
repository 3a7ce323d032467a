/**
 * The body the association endpoints answer, as the tests read it: `POST /account-associations` sends the
 * first three fields, `GET` the id, the state and `UserId` or `ErrorMessage`, `POST …/refresh` only the URL.
 */
export interface AssociationAnswer {
  readonly AccountAssociationId: string;
  readonly AssociationState: string;
  readonly OAuthAuthorizationUrl: string;
  readonly UserId?: string;
  readonly ErrorMessage?: string;
}
