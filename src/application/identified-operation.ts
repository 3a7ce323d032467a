import type { UserActivation } from './user-activation.js';
import { bearerTokenOf, type ConnectorRequest, type ConnectorResult } from './connector-request.js';
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
    const identity = await this.activateUser.execute({ token: bearerTokenOf(request), deadline });
    return this.handler.handle(request, identity, deadline);
  }
}
