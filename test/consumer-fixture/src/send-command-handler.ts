import {
  InvalidRequest,
  type ConnectorResult,
  type Deadline,
  type IdentifiedRequest,
  type UserIdentity,
  type UserOperationHandler,
} from 'c2c-account-linking';
import type { AcmeCloud, AcmeCredential } from './acme-cloud.js';

/** `AWS.SendCommand` for the user the request resolved to: the command goes to their device at Acme. */
export class SendCommandHandler implements UserOperationHandler {
  readonly operationName = 'AWS.SendCommand';

  constructor(private readonly cloud: AcmeCloud) {}

  async handle(request: IdentifiedRequest, identity: UserIdentity, deadline: Deadline): Promise<ConnectorResult> {
    const { deviceId, command } = request.payload;
    if (typeof deviceId !== 'string' || deviceId === '' || typeof command !== 'string' || command === '') {
      throw new InvalidRequest('AWS.SendCommand needs payload.deviceId and payload.command.');
    }
    if ((await this.cloud.sendCommand(credentialOf(request), identity.subject, deviceId, command, deadline)) === 'unknown-device') {
      throw new InvalidRequest('The device is not one of this user\'s devices.');
    }
    return { responseMessage: `Command ${command} sent to ${deviceId}.`, userId: identity.userId };
  }
}

/** The request's own credential, to call Acme as the user: branch on `auth.type`. */
function credentialOf({ auth }: IdentifiedRequest): AcmeCredential {
  if (auth.type === 'OAuth2.0') return { bearerToken: auth.token.reveal() };
  return { apiKey: auth.secret.field('apiKey')?.reveal() ?? '' };
}
