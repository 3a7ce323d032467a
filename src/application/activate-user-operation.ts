import { bearerTokenOf, type ConnectorRequest, type ConnectorResult } from './connector-request.js';
import type { Deadline } from './deadline.js';
import type { OperationHandler } from './operation-handler.js';
import type { UserActivation } from './user-activation.js';

export const ACTIVATE_USER = 'AWS.ActivateUser';

/** `AWS.ActivateUser`: answers the globally unique userId of the token's owner. */
export class ActivateUserOperation implements OperationHandler {
  readonly operationName = ACTIVATE_USER;

  constructor(private readonly activateUser: UserActivation) {}

  async handle(request: ConnectorRequest, deadline: Deadline): Promise<ConnectorResult> {
    const identity = await this.activateUser.execute({ token: bearerTokenOf(request), deadline });
    return {
      responseMessage: `Successfully activated user with connector-id ${request.connectorId}.`,
      userId: identity.userId,
    };
  }
}
