import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ConnectorRequest } from '../../application/connector-request.js';
import { AccessToken } from '../../domain/access-token.js';
import { InvalidRequest } from '../../domain/errors/invalid-request.js';
import { ConnectorEnvelopeDto } from './connector-envelope-dto.js';

/** ConnectorEnvelopeDto with class-transformer and class-validator: every envelope shape, every error message. */
export function validateWithDtos(body: Record<string, unknown>): ConnectorRequest {
  const envelope = plainToInstance(ConnectorEnvelopeDto, body, { enableImplicitConversion: false });
  const errors = validateSync(envelope, { forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length > 0) throw new InvalidRequest(`The request envelope is invalid: ${describe(errors)}.`);

  const { auth } = envelope.header;
  const payload = body['payload'] as Record<string, unknown>;
  return {
    operationName: envelope.payload.operationName,
    operationVersion: envelope.payload.operationVersion,
    connectorId: envelope.payload.connectorId,
    auth:
      auth.type === 'OAuth2.0'
        ? { type: 'OAuth2.0', token: AccessToken.of(auth.token ?? '') }
        : {
            type: 'GeneralAuthorization',
            secretsManager: { arn: auth.secretsManager?.arn ?? '', versionId: auth.secretsManager?.versionId ?? '' },
          },
    payload,
  };
}

function describe(errors: readonly ValidationError[], parent = ''): string {
  const messages: string[] = [];
  for (const error of errors) {
    const path = parent === '' ? error.property : `${parent}.${error.property}`;
    for (const message of Object.values(error.constraints ?? {})) {
      messages.push(`${path}: ${message.replace(/^\S+ /, '')}`);
    }
    if (error.children !== undefined && error.children.length > 0) messages.push(describe(error.children, path));
  }
  return messages.slice(0, 5).join('; ');
}
