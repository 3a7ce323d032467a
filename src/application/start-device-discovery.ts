import { DeviceDiscovery } from '../domain/devices/device-discovery.js';
import { DomainError } from '../domain/errors/domain-error.js';
import { InvalidRequest } from '../domain/errors/invalid-request.js';
import { Deadline } from './deadline.js';
import type { EnsureFreshAccessToken } from './ensure-fresh-access-token.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';
import type { Clock } from './ports/clock.js';
import type { ConnectorClient } from './ports/connector-client.js';
import type { DeviceRepository } from './ports/device-repository.js';
import type { Logger } from './ports/logger.js';
import type { SecretGenerator } from './ports/secret-generator.js';

export interface DeviceOperationsOptions {
  /** The connectorId the operations name, and the only one whose events are taken. */
  readonly connectorId: string;
  /** Budget of one operation: the token refresh and the connector's acknowledgement. */
  readonly deadlineMs: number;
}

export interface StartDeviceDiscoveryOptions extends DeviceOperationsOptions {
  /** `C2C_DISCOVERY_TIMEOUT_S`: a discovery without the connector's report by then reads as TIMED_OUT. */
  readonly timeoutMs: number;
}

export interface StartDeviceDiscoveryInput {
  readonly discoveryType: string;
  readonly accountAssociationId: string | undefined;
}

/**
 * StartDeviceDiscovery of type CLOUD: the association's current access token (renewed when due), a new
 * DeviceDiscoveryId, stored RUNNING before the connector's AWS.DiscoverDevices is sent (its event may come
 * back before its acknowledgement does). A connector that does not take the request leaves the discovery
 * FAILED; the start itself succeeded, as managed integrations' does.
 */
export class StartDeviceDiscovery {
  constructor(
    private readonly links: AccountLinkRepository,
    private readonly devices: DeviceRepository,
    private readonly fresh: EnsureFreshAccessToken,
    private readonly connector: ConnectorClient,
    private readonly secrets: SecretGenerator,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: StartDeviceDiscoveryOptions,
  ) {}

  /**
   * @throws InvalidRequest for another DiscoveryType or no AccountAssociationId; and what EnsureFreshAccessToken
   * throws: AssociationNotFound, RefreshTokenExpired, IllegalAssociationTransition, IdentityProviderUnavailable.
   */
  async execute(input: StartDeviceDiscoveryInput): Promise<{ readonly id: string; readonly startedAt: Date }> {
    if (input.discoveryType !== 'CLOUD') {
      throw new InvalidRequest('DiscoveryType must be CLOUD: this service emulates cloud-to-cloud discovery only.');
    }
    const associationId = input.accountAssociationId;
    if (associationId === undefined) throw new InvalidRequest('AccountAssociationId is required for a CLOUD discovery.');
    const deadline = Deadline.in(this.options.deadlineMs, this.clock);
    const token = await this.fresh.execute({ associationId, deadline });
    const link = await this.links.findById(associationId);
    const discovery = DeviceDiscovery.start({
      id: this.secrets.associationId(),
      associationId,
      connectorId: this.options.connectorId,
      userId: link?.userId,
      startedAt: this.clock.now(),
      timeoutMs: this.options.timeoutMs,
    });
    await this.devices.saveDiscovery(discovery);
    try {
      await this.connector.discoverDevices(token, discovery.id, deadline);
    } catch (error) {
      this.logger.warn('The connector did not take a device discovery', {
        associationId,
        deviceDiscoveryId: discovery.id,
        errorCode: error instanceof DomainError ? error.code : 'INTERNAL_ERROR',
      });
      const current = (await this.devices.findDiscovery(discovery.id)) ?? discovery;
      current.fail(this.clock.now());
      await this.devices.saveDiscovery(current);
    }
    return { id: discovery.id, startedAt: discovery.startedAt };
  }
}
