import { DeviceResourceNotFound } from '../domain/errors/device-resource-not-found.js';
import { InvalidRequest } from '../domain/errors/invalid-request.js';
import { Deadline } from './deadline.js';
import type { EnsureFreshAccessToken } from './ensure-fresh-access-token.js';
import type { Clock } from './ports/clock.js';
import type { ConnectorClient } from './ports/connector-client.js';
import type { DeviceRepository } from './ports/device-repository.js';
import type { SecretGenerator } from './ports/secret-generator.js';
import type { DeviceOperationsOptions } from './start-device-discovery.js';

export interface SendManagedThingCommandInput {
  readonly managedThingId: string;
  /** SendManagedThingCommand's `Endpoints`, checked against its constraints; the connector translates them. */
  readonly endpoints: readonly unknown[];
  readonly accountAssociationId?: string | undefined;
}

/**
 * SendManagedThingCommand: a new TraceId, stored before the connector's AWS.SendCommand is sent with the
 * association's current access token (renewed when due), so that the DEVICE_COMMAND_RESPONSE events it
 * sends within the invocation find it. Answers once the connector acknowledged.
 */
export class SendManagedThingCommand {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly fresh: EnsureFreshAccessToken,
    private readonly connector: ConnectorClient,
    private readonly secrets: SecretGenerator,
    private readonly clock: Clock,
    private readonly options: DeviceOperationsOptions,
  ) {}

  /**
   * @throws DeviceResourceNotFound; InvalidRequest for an AccountAssociationId that is not the thing's;
   * what EnsureFreshAccessToken throws (RefreshTokenExpired...); what the connector answers (ConnectorClient).
   */
  async execute(input: SendManagedThingCommandInput): Promise<{ readonly traceId: string }> {
    const thing = await this.devices.findThing(input.managedThingId);
    if (thing === undefined) throw new DeviceResourceNotFound('ManagedThing', input.managedThingId);
    if (input.accountAssociationId !== undefined && input.accountAssociationId !== thing.associationId) {
      throw new InvalidRequest('AccountAssociationId is not the account association of this managed thing.');
    }
    const deadline = Deadline.in(this.options.deadlineMs, this.clock);
    const token = await this.fresh.execute({ associationId: thing.associationId, deadline });
    const traceId = this.secrets.associationId();
    await this.devices.saveCommand({ traceId, managedThingId: thing.id, sentAt: this.clock.now() });
    await this.connector.sendCommand(token, { traceId, connectorDeviceId: thing.connectorDeviceId, endpoints: input.endpoints }, deadline);
    return { traceId };
  }
}
