import type { AxiosInstance } from 'axios';
import type { Container } from 'inversify';
import type { UserActivation } from '../application/user-activation.js';
import { DeactivateUserOperation } from '../application/deactivate-user-operation.js';
import { DeactivateUser } from '../application/deactivate-user.js';
import type { AccountLinkRepository } from '../application/ports/account-link-repository.js';
import type { Clock } from '../application/ports/clock.js';
import type { TokenRevoker } from '../application/ports/token-revoker.js';
import { AxiosTokenRevoker } from '../adapters/oauth/axios-token-revoker.js';
import { NoTokenRevoker } from '../adapters/oauth/no-token-revoker.js';
import { NoAccountLinkRepository } from '../adapters/persistence/no-account-link-repository.js';
import type { AppConfig } from './config/app-config.js';
import { TOKENS } from './tokens.js';

/** AWS.DeactivateUser and its revocation port. */
export function bindAccountLifecycle(container: Container, config: AppConfig): void {
  const revocation = config.revocation;
  if (revocation === undefined) {
    container.bind(TOKENS.TokenRevoker).toConstantValue(new NoTokenRevoker());
  } else {
    container
      .bind(TOKENS.TokenRevoker)
      .toResolvedValue((http: AxiosInstance) => new AxiosTokenRevoker(http, revocation), [TOKENS.HttpClient]);
  }

  container.bind(TOKENS.DeactivateUser).toDynamicValue((context) => {
    // Asked at resolution, not now: createConnector may bind a repository after the container is built.
    const keepsLinks = container.isBound(TOKENS.AccountLinkRepository);
    return new DeactivateUser(
      context.get<UserActivation>(TOKENS.UserActivation),
      context.get<TokenRevoker>(TOKENS.TokenRevoker),
      keepsLinks ? context.get<AccountLinkRepository>(TOKENS.AccountLinkRepository) : new NoAccountLinkRepository(),
      context.get<Clock>(TOKENS.Clock),
      { revokeUnlinkedTokens: !keepsLinks },
    );
  });
  container
    .bind(TOKENS.OperationHandler)
    .toResolvedValue((deactivateUser: DeactivateUser) => new DeactivateUserOperation(deactivateUser), [TOKENS.DeactivateUser]);
}
