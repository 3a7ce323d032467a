import type { AccessToken } from '../../domain/access-token.js';
import type { Deadline } from '../deadline.js';

/** What AWS.SendCommand carries beyond the envelope (README "Devices"). */
export interface ConnectorCommand {
  readonly traceId: string;
  readonly connectorDeviceId: string;
  /** SendManagedThingCommand's `Endpoints`, as the customer sent them. */
  readonly endpoints: readonly unknown[];
}

/**
 * Port: calls a connector's `AWS.ActivateUser`, `AWS.DeactivateUser`, `AWS.DiscoverDevices` and
 * `AWS.SendCommand`, in this process or remote (Lambda, HTTP).
 * Implementations throw a `DomainError` whose code says why the connector refused.
 */
export interface ConnectorClient {
  activateUser(token: AccessToken, deadline: Deadline): Promise<{ readonly userId: string }>;

  /** Resolves once the connector answered 200: the user's tokens are revoked and their link removed. */
  deactivateUser(token: AccessToken, deadline: Deadline): Promise<void>;

  /** Resolves once the connector acknowledged; its devices come later, in a DEVICE_DISCOVERY event. */
  discoverDevices(token: AccessToken, deviceDiscoveryId: string, deadline: Deadline): Promise<void>;

  /** Resolves once the connector acknowledged ("received", not "executed"); the outcome comes in DEVICE_COMMAND_RESPONSE events. */
  sendCommand(token: AccessToken, command: ConnectorCommand, deadline: Deadline): Promise<void>;
}
