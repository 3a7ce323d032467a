import { InvalidRequest } from '../domain/errors/invalid-request.js';
import type { UserActivation } from './user-activation.js';
import type { ConnectorRequest, ConnectorResult } from './connector-request.js';
import type { Deadline } from './deadline.js';
import type { OperationHandler } from './operation-handler.js';
import type { UserOperationHandler } from './user-operation-handler.js';

/** Lets the router run a UserOperationHandler: resolves the token's owner first, with ActivateUser's rules. */
export class IdentifiedOperation implements OperationHandler {
  readonly operationName: string;

  constructor(
    private readonly activateUser: UserActivation,
    private readonly handler: UserOperationHandler,
  ) {
    this.operationName = handler.operationName;
  }

  async handle(request: ConnectorRequest, deadline: Deadline): Promise<ConnectorResult> {
    if (request.auth.type !== 'OAuth2.0') {
      throw new InvalidRequest(`${this.operationName} needs header.auth.type "OAuth2.0" with a token.`);
    }
    const identity = await this.activateUser.execute({ token: request.auth.token, deadline });
    return this.handler.handle(request, identity, deadline);
  }
}
