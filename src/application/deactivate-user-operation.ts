import { InvalidRequest } from '../domain/errors/invalid-request.js';
import type { ConnectorRequest, ConnectorResult } from './connector-request.js';
import type { DeactivateUser } from './deactivate-user.js';
import type { Deadline } from './deadline.js';
import type { OperationHandler } from './operation-handler.js';

export const DEACTIVATE_USER = 'AWS.DeactivateUser';

/** `AWS.DeactivateUser`: revokes the user's tokens and removes their link; repeating it is harmless. */
export class DeactivateUserOperation implements OperationHandler {
  readonly operationName = DEACTIVATE_USER;

  constructor(private readonly deactivateUser: DeactivateUser) {}

  async handle(request: ConnectorRequest, deadline: Deadline): Promise<ConnectorResult> {
    if (request.auth.type !== 'OAuth2.0') {
      throw new InvalidRequest('AWS.DeactivateUser needs header.auth.type "OAuth2.0" with a token.');
    }
    await this.deactivateUser.execute({ token: request.auth.token, deadline });
    return { responseMessage: `Successfully deactivated user with connector-id ${request.connectorId}.` };
  }
}
