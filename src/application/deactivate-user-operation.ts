import type { ConnectorRequest, ConnectorResult } from './connector-request.js';
import type { DeactivateUser } from './deactivate-user.js';
import type { Deadline } from './deadline.js';
import type { OperationHandler } from './operation-handler.js';
import type { SecretStore } from './ports/secret-store.js';
import { secretCredentialOf } from './secret-credential-of.js';

export const DEACTIVATE_USER = 'AWS.DeactivateUser';

/** `AWS.DeactivateUser`: revokes the user's tokens and removes their link; repeating it is harmless. */
export class DeactivateUserOperation implements OperationHandler {
  readonly operationName = DEACTIVATE_USER;

  constructor(
    private readonly deactivateUser: DeactivateUser,
    /** Reads General Authorization secrets; without one, such requests are CONFIGURATION_ERROR. */
    private readonly secrets?: SecretStore,
  ) {}

  async handle(request: ConnectorRequest, deadline: Deadline): Promise<ConnectorResult> {
    const { auth } = request;
    if (auth.type === 'OAuth2.0') await this.deactivateUser.execute({ token: auth.token, deadline });
    else await this.deactivateUser.execute({ credential: await secretCredentialOf(auth, this.secrets, deadline), deadline });
    return { responseMessage: `Successfully deactivated user with connector-id ${request.connectorId}.` };
  }
}
