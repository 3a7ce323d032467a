import type { UserActivation } from './user-activation.js';
import type { ConnectorRequest, ConnectorResult } from './connector-request.js';
import type { Deadline } from './deadline.js';
import type { OperationHandler } from './operation-handler.js';
import type { SecretStore } from './ports/secret-store.js';
import { secretCredentialOf } from './secret-credential-of.js';
import type { UserOperationHandler } from './user-operation-handler.js';

/**
 * Lets the router run a UserOperationHandler: resolves the request's user first, with ActivateUser's rules.
 * A General Authorization request reaches the handler with its secret read (`request.auth.secret`).
 */
export class IdentifiedOperation implements OperationHandler {
  readonly operationName: string;

  constructor(
    private readonly activateUser: UserActivation,
    private readonly handler: UserOperationHandler,
    /** Reads General Authorization secrets; without one, such requests are CONFIGURATION_ERROR. */
    private readonly secrets?: SecretStore,
  ) {
    this.operationName = handler.operationName;
  }

  async handle(request: ConnectorRequest, deadline: Deadline): Promise<ConnectorResult> {
    const { auth } = request;
    if (auth.type === 'OAuth2.0') {
      const identity = await this.activateUser.execute({ token: auth.token, deadline });
      return this.handler.handle({ ...request, auth }, identity, deadline);
    }
    const credential = await secretCredentialOf(auth, this.secrets, deadline);
    const identity = await this.activateUser.execute({ credential, deadline });
    return this.handler.handle({ ...request, auth: credential }, identity, deadline);
  }
}
