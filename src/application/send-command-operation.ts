import type { UserIdentity } from '../domain/user-identity.js';
import type { ConnectorResult, IdentifiedRequest } from './connector-request.js';
import type { Deadline } from './deadline.js';
import type { InvocationMemory } from './invocation-memory.js';
import { endpointStateOf } from './matter-device-model.js';
import type { ConnectorEvent, ConnectorEvents } from './ports/connector-events.js';
import type { DeviceCloud, DeviceOutcome, PlatformCredential } from './ports/device-cloud.js';
import { readSendCommandPayload, type SendCommandInput } from './send-command-payload.js';
import type { UserOperationHandler } from './user-operation-handler.js';

export const SEND_COMMAND = 'AWS.SendCommand';

/**
 * `AWS.SendCommand`: translates the Matter-style actions into the platform's commands, applies them to the
 * device in order, reports the outcome in DEVICE_COMMAND_RESPONSE events under the request's `traceId` (one
 * per endpoint addressed, with the endpoint's state after the command), then answers the acknowledgement:
 * "received", not "executed", as managed integrations defines it. A command the platform refuses for good (no
 * such device, an action the device does not take) is reported, with the platform's status, in one event; a
 * platform that cannot be reached fails the invocation, so that it is retried. The device call and the events
 * are each done once per traceId (see InvocationMemory): a retry never applies a command (a Toggle) twice.
 */
export class SendCommandOperation implements UserOperationHandler {
  readonly operationName = SEND_COMMAND;

  constructor(
    private readonly cloud: DeviceCloud,
    private readonly events: ConnectorEvents,
    private readonly memory: InvocationMemory,
  ) {}

  async handle(request: IdentifiedRequest, identity: UserIdentity, deadline: Deadline): Promise<ConnectorResult> {
    const input = readSendCommandPayload(request.payload);
    const { traceId, connectorDeviceId } = input;
    const { userId } = identity;
    const invocation = [SEND_COMMAND, request.connectorId, userId, traceId].join('\n');
    const { value: outcome } = await this.memory.once(`${invocation}\ndevice`, () => this.#apply(request.auth, input, deadline));
    const reports: ConnectorEvent[] = outcome.applied
      ? endpointsOf(input).map(({ endpointId, clusters }) => ({
          operation: 'DEVICE_COMMAND_RESPONSE',
          userId,
          traceId,
          connectorDeviceId,
          statusCode: 200,
          endpoint: endpointStateOf(outcome.device, endpointId, clusters),
        }))
      : [{ operation: 'DEVICE_COMMAND_RESPONSE', userId, traceId, connectorDeviceId, statusCode: outcome.statusCode }];
    for (const [index, event] of reports.entries()) {
      await this.memory.once(`${invocation}\nevent ${index}`, () => this.events.send(request.connectorId, event, deadline));
    }
    return { responseMessage: `Command ${traceId} acknowledged for connector-id ${request.connectorId}.`, traceId };
  }

  /** The steps in order, up to the first the platform refuses; the device's state after the last. */
  async #apply(credential: PlatformCredential, input: SendCommandInput, deadline: Deadline): Promise<DeviceOutcome> {
    let outcome: DeviceOutcome | undefined;
    for (const step of input.steps) {
      outcome =
        step.command === 'read'
          ? await this.cloud.read(credential, input.connectorDeviceId, deadline)
          : await this.cloud.command(credential, input.connectorDeviceId, step.command, deadline);
      if (!outcome.applied) return outcome;
    }
    // readSendCommandPayload answers at least one step.
    return outcome!;
  }
}

/** The endpoints addressed, in order, each with the clusters its actions addressed. */
function endpointsOf(input: SendCommandInput): { endpointId: string; clusters: string[] }[] {
  const endpoints: { endpointId: string; clusters: string[] }[] = [];
  for (const { endpointId, cluster } of input.steps) {
    const known = endpoints.find((endpoint) => endpoint.endpointId === endpointId);
    if (known === undefined) endpoints.push({ endpointId, clusters: [cluster] });
    else if (!known.clusters.includes(cluster)) known.clusters.push(cluster);
  }
  return endpoints;
}
