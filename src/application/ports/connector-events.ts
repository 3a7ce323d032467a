import type { Deadline } from '../deadline.js';

/** A Matter cluster in a capability report (SendConnectorEvent's `MatterCapabilityReportCluster`). */
export interface MatterClusterReport {
  /** ClusterId, hex (`0x0006`). */
  readonly id: string;
  readonly revision: number;
  readonly name?: string;
  readonly attributes: readonly { readonly id: string; readonly name?: string; readonly value: unknown }[];
  readonly commands?: readonly string[];
}

export interface MatterEndpointReport {
  readonly id: string;
  readonly deviceTypes: readonly string[];
  readonly clusters: readonly MatterClusterReport[];
}

/** One device of a DEVICE_DISCOVERY event. */
export interface DiscoveredDevice {
  readonly connectorDeviceId: string;
  readonly connectorDeviceName?: string;
  readonly capabilityReport: { readonly version: '1.0.0'; readonly endpoints: readonly MatterEndpointReport[] };
}

/** A device endpoint's current state, as SendConnectorEvent's `MatterEndpoint` carries it (attributes by id). */
export interface MatterEndpointState {
  readonly id: string;
  readonly clusters: readonly { readonly id: string; readonly attributes: Readonly<Record<string, unknown>> }[];
}

export type ConnectorEvent =
  | {
      readonly operation: 'DEVICE_DISCOVERY';
      readonly userId: string;
      readonly deviceDiscoveryId: string;
      readonly statusCode: number;
      readonly devices: readonly DiscoveredDevice[];
    }
  | {
      readonly operation: 'DEVICE_COMMAND_RESPONSE';
      readonly userId: string;
      readonly traceId: string;
      readonly connectorDeviceId: string;
      /** 200 when the device took the command; the platform's refusal (400, 404, ...) otherwise. */
      readonly statusCode: number;
      /** The endpoint's state after the command; absent when it was refused. */
      readonly endpoint?: MatterEndpointState;
    }
  | {
      readonly operation: 'DEVICE_EVENT';
      readonly userId?: string;
      readonly connectorDeviceId: string;
      readonly statusCode: number;
      readonly endpoint: MatterEndpointState;
    };

export type ConnectorEventOperation = ConnectorEvent['operation'];

/**
 * Port: managed integrations' SendConnectorEvent for this connector. Implementations throw
 * `ConnectorEventsUnavailable` when the service gives no usable answer within the deadline (network, 429,
 * 5xx), which a retry may cure, and `ConnectorMisconfigured` when it refuses the event (400, 403, 404).
 */
export interface ConnectorEvents {
  send(connectorId: string, event: ConnectorEvent, deadline: Deadline): Promise<void>;
}
