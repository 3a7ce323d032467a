import { InvalidRequest } from '../domain/errors/invalid-request.js';
import type { ConnectorRequest, ConnectorResult } from './connector-request.js';
import type { Deadline } from './deadline.js';
import type { OperationHandler } from './operation-handler.js';
import type { UserActivation } from './user-activation.js';

export const ACTIVATE_USER = 'AWS.ActivateUser';

/** `AWS.ActivateUser`: answers the globally unique userId of the token's owner. */
export class ActivateUserOperation implements OperationHandler {
  readonly operationName = ACTIVATE_USER;

  constructor(private readonly activateUser: UserActivation) {}

  async handle(request: ConnectorRequest, deadline: Deadline): Promise<ConnectorResult> {
    if (request.auth.type !== 'OAuth2.0') {
      throw new InvalidRequest('AWS.ActivateUser needs header.auth.type "OAuth2.0" with a token.');
    }
    const identity = await this.activateUser.execute({ token: request.auth.token, deadline });
    return {
      responseMessage: `Successfully activated user with connector-id ${request.connectorId}.`,
      userId: identity.userId,
    };
  }
}
