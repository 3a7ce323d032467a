import type { AxiosInstance, AxiosResponse } from 'axios';
import { ACTIVATE_USER } from '../../application/activate-user-operation.js';
import type { Deadline } from '../../application/deadline.js';
import type { ConnectorClient } from '../../application/ports/connector-client.js';
import type { AccessToken } from '../../domain/access-token.js';
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
    const envelope = {
      header: { auth: { token: token.reveal(), type: 'OAuth2.0' } },
      payload: { operationName: ACTIVATE_USER, operationVersion: '1.0.0', connectorId: this.options.connectorId },
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
    return readUserId(response);
  }
}

function readUserId(response: AxiosResponse<string>): { readonly userId: string } {
  let payload: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(response.data) as { payload?: Record<string, unknown> };
    payload = parsed.payload ?? {};
  } catch {
    throw new LinkingFailed('server_error', `The connector answered HTTP ${response.status} without a JSON envelope.`);
  }
  if (response.status === 200 && typeof payload['userId'] === 'string') return { userId: payload['userId'] };
  const errorCode = typeof payload['errorCode'] === 'string' ? payload['errorCode'].replace(/[^A-Z_]/g, '') : 'no errorCode';
  if (response.status === 503) throw new IdentityProviderUnavailable(`The connector answered ${errorCode}.`);
  throw new LinkingFailed('server_error', `The connector answered HTTP ${response.status} ${errorCode}.`);
}
