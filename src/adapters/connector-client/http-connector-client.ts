import type { AxiosInstance, AxiosResponse } from 'axios';
import { ACTIVATE_USER } from '../../application/activate-user-operation.js';
import { DEACTIVATE_USER } from '../../application/deactivate-user-operation.js';
import type { Deadline } from '../../application/deadline.js';
import { DISCOVER_DEVICES } from '../../application/discover-devices-operation.js';
import type { ConnectorClient, ConnectorCommand } from '../../application/ports/connector-client.js';
import { SEND_COMMAND } from '../../application/send-command-operation.js';
import type { AccessToken } from '../../domain/access-token.js';
import { ConnectorMisconfigured } from '../../domain/errors/connector-misconfigured.js';
import { IdentityProviderUnavailable } from '../../domain/errors/identity-provider-unavailable.js';
import { LinkingFailed } from '../../domain/errors/linking-failed.js';
import { describeHttpFailure } from '../outbound-http/describe-http-failure.js';

export interface HttpConnectorClientOptions {
  /** The remote connector's `POST /connector` URL. */
  readonly url: string;
  readonly connectorId: string;
}

/** Calls a connector that runs elsewhere over HTTP, with the managed-integrations envelope. */
export class HttpConnectorClient implements ConnectorClient {
  constructor(
    private readonly http: AxiosInstance,
    private readonly options: HttpConnectorClientOptions,
  ) {}

  async activateUser(token: AccessToken, deadline: Deadline): Promise<{ readonly userId: string }> {
    const { status, payload } = await this.#invoke(ACTIVATE_USER, '1.0.0', token, deadline);
    if (status === 200 && typeof payload['userId'] === 'string') return { userId: payload['userId'] };
    throw refusal(status, payload);
  }

  async deactivateUser(token: AccessToken, deadline: Deadline): Promise<void> {
    const { status, payload } = await this.#invoke(DEACTIVATE_USER, '1.0', token, deadline);
    if (status !== 200) throw refusal(status, payload);
  }

  async discoverDevices(token: AccessToken, deviceDiscoveryId: string, deadline: Deadline): Promise<void> {
    const { status, payload } = await this.#invoke(DISCOVER_DEVICES, '1.0', token, deadline, { deviceDiscoveryId });
    if (status !== 200) throw refusal(status, payload);
  }

  async sendCommand(token: AccessToken, command: ConnectorCommand, deadline: Deadline): Promise<void> {
    const { status, payload } = await this.#invoke(SEND_COMMAND, '1.0', token, deadline, { ...command });
    if (status !== 200) throw refusal(status, payload);
  }

  async #invoke(
    operationName: string,
    operationVersion: string,
    token: AccessToken,
    deadline: Deadline,
    fields: Readonly<Record<string, unknown>> = {},
  ): Promise<ConnectorAnswer> {
    const envelope = {
      header: { auth: { token: token.reveal(), type: 'OAuth2.0' } },
      payload: { ...fields, operationName, operationVersion, connectorId: this.options.connectorId },
    };
    let response: AxiosResponse<string>;
    try {
      response = await this.http.post<string>(this.options.url, JSON.stringify(envelope), {
        timeout: Math.max(1, deadline.remainingMs()),
        signal: deadline.signal,
        maxContentLength: 64 * 1024,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      });
    } catch (error) {
      throw new IdentityProviderUnavailable(`The connector could not be reached: ${describeHttpFailure(error)}.`);
    }
    return readAnswer(response);
  }
}

interface ConnectorAnswer {
  readonly status: number;
  readonly payload: Record<string, unknown>;
}

function readAnswer(response: AxiosResponse<string>): ConnectorAnswer {
  try {
    const parsed = JSON.parse(response.data) as { payload?: Record<string, unknown> };
    return { status: response.status, payload: parsed.payload ?? {} };
  } catch {
    throw new LinkingFailed('server_error', `The connector answered HTTP ${response.status} without a JSON envelope.`);
  }
}

function refusal(status: number, payload: Record<string, unknown>): Error {
  const errorCode = typeof payload['errorCode'] === 'string' ? payload['errorCode'].replace(/[^A-Z_]/g, '') : 'no errorCode';
  if (status === 503) return new IdentityProviderUnavailable(`The connector answered ${errorCode}.`);
  // Its own setup is wrong: reported as such, so the caller does not take it for a passing failure.
  if (errorCode === 'CONFIGURATION_ERROR') return new ConnectorMisconfigured('The connector answered CONFIGURATION_ERROR: its own setup is wrong.');
  return new LinkingFailed('server_error', `The connector answered HTTP ${status} ${errorCode}.`);
}
