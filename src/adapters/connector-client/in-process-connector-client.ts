import { ACTIVATE_USER } from '../../application/activate-user-operation.js';
import type { Deadline } from '../../application/deadline.js';
import type { OperationRouter } from '../../application/operation-router.js';
import type { ConnectorClient } from '../../application/ports/connector-client.js';
import type { AccessToken } from '../../domain/access-token.js';
import { LinkingFailed } from '../../domain/errors/linking-failed.js';

export interface InProcessConnectorClientOptions {
  /** The connectorId the request names, as managed integrations would send it. */
  readonly connectorId: string;
}

/** Calls the connector running in this process through its operation router: same checks, no network. */
export class InProcessConnectorClient implements ConnectorClient {
  constructor(
    private readonly router: OperationRouter,
    private readonly options: InProcessConnectorClientOptions,
  ) {}

  async activateUser(token: AccessToken, deadline: Deadline): Promise<{ readonly userId: string }> {
    const result = await this.router.route(
      {
        operationName: ACTIVATE_USER,
        operationVersion: '1.0.0',
        connectorId: this.options.connectorId,
        auth: { type: 'OAuth2.0', token },
        payload: { operationName: ACTIVATE_USER, operationVersion: '1.0.0', connectorId: this.options.connectorId },
      },
      deadline,
    );
    if (typeof result['userId'] !== 'string') throw new LinkingFailed('server_error', 'The connector answered no userId.');
    return { userId: result['userId'] };
  }
}
