import { DomainError } from './domain-error.js';

/**
 * The association's tokens no longer work and cannot be renewed (the platform refused the refresh token,
 * or issued none and the access token expired): it is REFRESH_TOKEN_EXPIRED until relinked with
 * StartAccountAssociationRefresh.
 */
export class RefreshTokenExpired extends DomainError {
  readonly code = 'REFRESH_TOKEN_EXPIRED';

  constructor(readonly associationId: string) {
    super(`Account association ${associationId} has no working refresh token: relink it with StartAccountAssociationRefresh.`);
  }
}
