import { bearerTokenOf, type ConnectorRequest, type ConnectorResult } from './connector-request.js';
import type { DeactivateUser } from './deactivate-user.js';
import type { Deadline } from './deadline.js';
import type { OperationHandler } from './operation-handler.js';

export const DEACTIVATE_USER = 'AWS.DeactivateUser';

/** `AWS.DeactivateUser`: revokes the user's tokens and removes their link; repeating it is harmless. */
export class DeactivateUserOperation implements OperationHandler {
  readonly operationName = DEACTIVATE_USER;

  constructor(private readonly deactivateUser: DeactivateUser) {}

  async handle(request: ConnectorRequest, deadline: Deadline): Promise<ConnectorResult> {
    await this.deactivateUser.execute({ token: bearerTokenOf(request), deadline });
    return { responseMessage: `Successfully deactivated user with connector-id ${request.connectorId}.` };
  }
}
