import { ACTIVATE_USER } from '../../application/activate-user-operation.js';
import type { ConnectorRequest } from '../../application/connector-request.js';
import { DEACTIVATE_USER } from '../../application/deactivate-user-operation.js';
import type { Deadline } from '../../application/deadline.js';
import type { OperationRouter } from '../../application/operation-router.js';
import { DISCOVER_DEVICES } from '../../application/discover-devices-operation.js';
import type { ConnectorClient, ConnectorCommand } from '../../application/ports/connector-client.js';
import { SEND_COMMAND } from '../../application/send-command-operation.js';
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
    const result = await this.router.route(this.#request(ACTIVATE_USER, token), deadline);
    if (typeof result['userId'] !== 'string') throw new LinkingFailed('server_error', 'The connector answered no userId.');
    return { userId: result['userId'] };
  }

  async deactivateUser(token: AccessToken, deadline: Deadline): Promise<void> {
    await this.router.route(this.#request(DEACTIVATE_USER, token), deadline);
  }

  async discoverDevices(token: AccessToken, deviceDiscoveryId: string, deadline: Deadline): Promise<void> {
    await this.router.route(this.#request(DISCOVER_DEVICES, token, { deviceDiscoveryId }), deadline);
  }

  async sendCommand(token: AccessToken, command: ConnectorCommand, deadline: Deadline): Promise<void> {
    await this.router.route(this.#request(SEND_COMMAND, token, { ...command }), deadline);
  }

  #request(operationName: string, token: AccessToken, fields: Readonly<Record<string, unknown>> = {}): ConnectorRequest {
    const { connectorId } = this.options;
    const operationVersion = operationName === ACTIVATE_USER ? '1.0.0' : '1.0';
    return {
      operationName,
      operationVersion,
      connectorId,
      auth: { type: 'OAuth2.0', token },
      payload: { ...fields, operationName, operationVersion, connectorId },
    };
  }
}
