import type { AxiosInstance } from 'axios';
import type { Container } from 'inversify';
import { AxiosConnectorEvents } from '../../adapters/connector-events/axios-connector-events.js';
import { AxiosDeviceCloud } from '../../adapters/device-cloud/axios-device-cloud.js';
import { DiscoverDevicesOperation } from '../../application/discover-devices-operation.js';
import { InvocationMemory } from '../../application/invocation-memory.js';
import type { Clock } from '../../application/ports/clock.js';
import type { ConnectorEvents } from '../../application/ports/connector-events.js';
import type { DeviceCloud } from '../../application/ports/device-cloud.js';
import { SendCommandOperation } from '../../application/send-command-operation.js';
import type { UserOperationHandler } from '../../application/user-operation-handler.js';
import type { AppConfig, EventsSinkConfig } from '../config/app-config.js';
import { ConfigurationError } from '../config/configuration-error.js';
import { TOKENS } from '../tokens.js';
import type { PortOverrides } from './extensions.js';
import { requestSignerOnFirstUse } from './on-first-use.js';

/** The operations the connector handles itself once it has a device API: extensions may not register them. */
export const DEVICE_OPERATIONS: readonly string[] = ['AWS.DiscoverDevices', 'AWS.SendCommand'];

/** Builds one device operation from the ports bound under TOKENS.DeviceCloud, ConnectorEvents and InvocationMemory. */
export type DeviceOperationFactory = (cloud: DeviceCloud, events: ConnectorEvents, memory: InvocationMemory) => UserOperationHandler;

/**
 * AWS.DiscoverDevices and AWS.SendCommand, when the connector has a device API (`C2C_DEVICE_API_URL` or
 * `ports.deviceCloud`) and somewhere to send their events (`C2C_EVENTS_SINK` or `ports.connectorEvents`).
 * Answers how to build the handlers to put behind the router, none when there is no device API.
 * @throws ConfigurationError when only one of the two is there.
 */
export function bindDevices(container: Container, config: AppConfig, ports: PortOverrides): readonly DeviceOperationFactory[] {
  const { devices } = config;
  const hasCloud = ports.deviceCloud !== undefined || devices?.deviceApiUrl !== undefined;
  const hasEvents = ports.connectorEvents !== undefined || devices !== undefined;
  if (!hasCloud && !hasEvents) return [];
  if (!hasCloud) {
    throw new ConfigurationError([
      { variable: 'C2C_DEVICE_API_URL', problem: 'is required for the device operations that C2C_EVENTS_SINK, C2C_EVENTS_URL or ports.connectorEvents configure' },
    ]);
  }
  if (!hasEvents) {
    throw new ConfigurationError([{ variable: 'C2C_EVENTS_SINK', problem: 'is required (aws or http) for the device operations of ports.deviceCloud' }]);
  }

  if (ports.deviceCloud !== undefined) container.bind(TOKENS.DeviceCloud).toConstantValue(ports.deviceCloud);
  else {
    const baseUrl = devices!.deviceApiUrl!;
    container.bind(TOKENS.DeviceCloud).toResolvedValue((http: AxiosInstance) => new AxiosDeviceCloud(http, { baseUrl, retry: config.retry }), [TOKENS.HttpClient]);
  }
  if (ports.connectorEvents !== undefined) container.bind(TOKENS.ConnectorEvents).toConstantValue(ports.connectorEvents);
  else {
    const sink = devices!.events;
    container.bind(TOKENS.ConnectorEvents).toResolvedValue((http: AxiosInstance) => connectorEventsFor(http, sink, config), [TOKENS.HttpClient]);
  }
  container.bind(TOKENS.InvocationMemory).toResolvedValue((clock: Clock) => new InvocationMemory(clock), [TOKENS.Clock]);

  return [
    (cloud, events, memory) => new DiscoverDevicesOperation(cloud, events, memory),
    (cloud, events, memory) => new SendCommandOperation(cloud, events, memory),
  ];
}

function connectorEventsFor(http: AxiosInstance, sink: EventsSinkConfig, config: AppConfig): ConnectorEvents {
  if (sink.kind === 'http') return new AxiosConnectorEvents(http, { baseUrl: sink.url, configuredBy: 'C2C_EVENTS_URL', retry: config.retry });
  // The AWS SDK's signer and credential chain load on the first event, not at cold start.
  const sign = requestSignerOnFirstUse(async () => {
    const { createSigV4RequestSigner } = await import('../../adapters/connector-events/sigv4-request-signer.js');
    return createSigV4RequestSigner({ region: sink.region });
  });
  return new AxiosConnectorEvents(http, {
    baseUrl: sink.url,
    sign,
    configuredBy: 'C2C_CONNECTOR_ID, AWS_REGION and the AWS account of the connector\'s credentials',
    retry: config.retry,
  });
}
