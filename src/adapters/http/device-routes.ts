import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AcceptConnectorEvent } from '../../application/accept-connector-event.js';
import type { GetDeviceDiscovery } from '../../application/get-device-discovery.js';
import type { GetManagedThingState } from '../../application/get-managed-thing-state.js';
import type { ListDiscoveredDevices } from '../../application/list-discovered-devices.js';
import type { SendManagedThingCommand } from '../../application/send-managed-thing-command.js';
import type { StartDeviceDiscovery } from '../../application/start-device-discovery.js';
import { awsFrameworkErrorAnswer } from './aws-error-answer.js';
import { acceptAwsJsonBodies, answer, answerError, requireApiKey } from './aws-json-answers.js';
import { readCommandRequest, readConnectorEvent, readDevicesQuery, readStartDiscoveryRequest } from './device-requests.js';
import type { HttpRoutes } from './http-routes.js';

export interface DeviceUseCases {
  readonly startDeviceDiscovery: StartDeviceDiscovery;
  readonly getDeviceDiscovery: GetDeviceDiscovery;
  readonly listDiscoveredDevices: ListDiscoveredDevices;
  readonly acceptConnectorEvent: AcceptConnectorEvent;
  readonly sendManagedThingCommand: SendManagedThingCommand;
  readonly getManagedThingState: GetManagedThingState;
}

export interface DeviceRoutesOptions {
  /** `C2C_LINKING_API_KEY`, as on the association routes; SendConnectorEvent stays open (connectors sign it with SigV4, which this emulator does not check). */
  readonly apiKey: string | undefined;
}

const PREFIXES = ['/device-discoveries', '/connector-event/', '/managed-things-command/', '/managed-thing-states/'];

/**
 * The managed-integrations device operations after linking (MI-API §6–§8), in the association routes'
 * restJson1 shape: discovery, the connector's events, commands and the state they report.
 */
export class DeviceRoutes implements HttpRoutes {
  constructor(
    private readonly useCases: DeviceUseCases,
    private readonly options: DeviceRoutesOptions,
  ) {}

  async register(app: FastifyInstance): Promise<void> {
    await app.register(async (api) => {
      acceptAwsJsonBodies(api);
      this.#events(api);
    });
    await app.register(async (api) => {
      acceptAwsJsonBodies(api);
      const { apiKey } = this.options;
      if (apiKey !== undefined) api.addHook('onRequest', requireApiKey(apiKey));
      this.#discoveries(api);
      this.#things(api);
    });
  }

  answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): boolean {
    const path = request.url.split('?')[0] ?? '';
    if (!PREFIXES.some((prefix) => path.startsWith(prefix))) return false;
    void answerError(reply, awsFrameworkErrorAnswer(error), error);
    return true;
  }

  #discoveries(app: FastifyInstance): void {
    const { startDeviceDiscovery, getDeviceDiscovery, listDiscoveredDevices } = this.useCases;
    // StartDeviceDiscovery.
    app.post('/device-discoveries', (request, reply) =>
      answer(reply, 201, async () => {
        const started = await startDeviceDiscovery.execute(readStartDiscoveryRequest(request.body ?? {}));
        return { Id: started.id, StartedAt: epochSeconds(started.startedAt) };
      }),
    );
    // GetDeviceDiscovery.
    app.get<{ Params: { id: string } }>('/device-discoveries/:id', (request, reply) =>
      answer(reply, 200, async () => {
        const view = await getDeviceDiscovery.execute({ id: request.params.id });
        return {
          Id: view.id,
          Arn: view.arn,
          DiscoveryType: view.discoveryType,
          Status: view.status,
          StartedAt: epochSeconds(view.startedAt),
          AccountAssociationId: view.accountAssociationId,
          ...(view.finishedAt === undefined ? {} : { FinishedAt: epochSeconds(view.finishedAt) }),
        };
      }),
    );
    // ListDiscoveredDevices.
    app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/device-discoveries/:id/devices', (request, reply) =>
      answer(reply, 200, async () => {
        const page = await listDiscoveredDevices.execute(readDevicesQuery(request.params.id, request.query));
        return {
          Items: page.items.map((device) => ({
            ConnectorDeviceId: device.connectorDeviceId,
            ...(device.connectorDeviceName === undefined ? {} : { ConnectorDeviceName: device.connectorDeviceName }),
            DeviceTypes: device.deviceTypes,
            ManagedThingId: device.managedThingId,
            Modification: device.modification,
            DiscoveredAt: epochSeconds(device.discoveredAt),
          })),
          ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
        };
      }),
    );
  }

  #events(app: FastifyInstance): void {
    const { acceptConnectorEvent } = this.useCases;
    // SendConnectorEvent.
    app.post<{ Params: { connectorId: string } }>('/connector-event/:connectorId', (request, reply) =>
      answer(reply, 202, async () => {
        const { connectorId } = request.params;
        await acceptConnectorEvent.execute(readConnectorEvent(connectorId, request.body ?? {}));
        return { ConnectorId: connectorId };
      }),
    );
  }

  #things(app: FastifyInstance): void {
    const { sendManagedThingCommand, getManagedThingState } = this.useCases;
    // SendManagedThingCommand.
    app.post<{ Params: { id: string } }>('/managed-things-command/:id', (request, reply) =>
      answer(reply, 202, async () => {
        const { traceId } = await sendManagedThingCommand.execute(readCommandRequest(request.params.id, request.body ?? {}));
        return { TraceId: traceId };
      }),
    );
    // GetManagedThingState.
    app.get<{ Params: { id: string } }>('/managed-thing-states/:id', (request, reply) =>
      answer(reply, 200, async () => {
        const state = await getManagedThingState.execute({ managedThingId: request.params.id });
        return { Endpoints: state.endpoints };
      }),
    );
  }
}

/** restJson1's default timestamp format. */
function epochSeconds(at: Date): number {
  return at.getTime() / 1000;
}
