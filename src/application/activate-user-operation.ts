import type { ConnectorRequest, ConnectorResult } from './connector-request.js';
import type { Deadline } from './deadline.js';
import type { OperationHandler } from './operation-handler.js';
import type { SecretStore } from './ports/secret-store.js';
import { secretCredentialOf } from './secret-credential-of.js';
import type { UserActivation } from './user-activation.js';

export const ACTIVATE_USER = 'AWS.ActivateUser';

/** `AWS.ActivateUser`: answers the globally unique userId of the token's (or the General Authorization secret's) owner. */
export class ActivateUserOperation implements OperationHandler {
  readonly operationName = ACTIVATE_USER;

  constructor(
    private readonly activateUser: UserActivation,
    /** Reads General Authorization secrets; without one, such requests are CONFIGURATION_ERROR. */
    private readonly secrets?: SecretStore,
  ) {}

  async handle(request: ConnectorRequest, deadline: Deadline): Promise<ConnectorResult> {
    const { auth } = request;
    const identity =
      auth.type === 'OAuth2.0'
        ? await this.activateUser.execute({ token: auth.token, deadline })
        : await this.activateUser.execute({ credential: await secretCredentialOf(auth, this.secrets, deadline), deadline });
    return {
      responseMessage: `Successfully activated user with connector-id ${request.connectorId}.`,
      userId: identity.userId,
    };
  }
}
