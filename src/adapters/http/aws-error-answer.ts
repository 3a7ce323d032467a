import type { FastifyReply } from 'fastify';
import { DomainError } from '../../domain/errors/domain-error.js';
import { DeviceResourceNotFound } from '../../domain/errors/device-resource-not-found.js';
import type { ErrorCode } from '../../domain/errors/error-code.js';
import { answerToRouteError } from './framework-error-answers.js';

/** The managed-integrations exceptions the association routes answer (MI-API §2). */
export type AwsExceptionName =
  | 'ValidationException'
  | 'UnauthorizedException'
  | 'AccessDeniedException'
  | 'ResourceNotFoundException'
  | 'ConflictException'
  | 'InternalServerException'
  | 'ServiceUnavailableException'
  /** Not in the model's error list: what restJson1 services answer to a method and path that is no operation. */
  | 'UnknownOperationException';

/** The restJson1 error body: `Message`, and for a missing resource what it was. */
export interface AwsErrorBody {
  readonly Message: string;
  readonly ResourceId?: string;
  readonly ResourceType?: string;
}

export interface AwsErrorAnswer {
  readonly statusCode: number;
  readonly exceptionName: AwsExceptionName;
  readonly body: AwsErrorBody;
}

/** The exception of each error code. The switch is exhaustive: a new code does not compile without one. */
export function exceptionOf(code: ErrorCode): { readonly statusCode: number; readonly exceptionName: AwsExceptionName } {
  switch (code) {
    case 'INVALID_REQUEST':
    case 'UNSUPPORTED_OPERATION':
      return { statusCode: 400, exceptionName: 'ValidationException' };
    case 'UNAUTHENTICATED':
    case 'INVALID_TOKEN':
    case 'EXPIRED_TOKEN':
      return { statusCode: 401, exceptionName: 'UnauthorizedException' };
    case 'CONNECTOR_MISMATCH':
    case 'CONNECTOR_EVENT_REFUSED':
      return { statusCode: 403, exceptionName: 'AccessDeniedException' };
    case 'ASSOCIATION_NOT_FOUND':
    case 'CONNECTOR_DESTINATION_NOT_FOUND':
    case 'DEVICE_RESOURCE_NOT_FOUND':
      return { statusCode: 404, exceptionName: 'ResourceNotFoundException' };
    case 'ILLEGAL_ASSOCIATION_TRANSITION':
    case 'ASSOCIATION_MODIFIED_CONCURRENTLY':
    case 'CLIENT_TOKEN_REUSED':
    case 'REFRESH_TOKEN_EXPIRED':
      return { statusCode: 409, exceptionName: 'ConflictException' };
    case 'IDENTITY_PROVIDER_UNAVAILABLE':
    case 'PERSISTENCE_UNAVAILABLE':
    case 'DEVICE_CLOUD_UNAVAILABLE':
    case 'CONNECTOR_EVENTS_UNAVAILABLE':
      return { statusCode: 503, exceptionName: 'ServiceUnavailableException' };
    case 'INVALID_USER_ID':
    case 'CONFIGURATION_ERROR':
    case 'LINKING_FAILED':
      return { statusCode: 500, exceptionName: 'InternalServerException' };
  }
}

/** What a bug answers: nothing of the error, whose message may hold anything. */
const UNEXPECTED: AwsErrorAnswer = {
  statusCode: 500,
  exceptionName: 'InternalServerException',
  body: { Message: 'The service failed unexpectedly.' },
};

/** Any error as its exception; a domain error's message is safe to show by contract, any other error is a bug. */
export function awsErrorAnswer(error: unknown): AwsErrorAnswer {
  if (!(error instanceof DomainError)) return UNEXPECTED;
  const { statusCode, exceptionName } = exceptionOf(error.code);
  return { statusCode, exceptionName, body: { Message: error.message, ...resourceOf(error) } };
}

export function validationAnswer(message: string): AwsErrorAnswer {
  return { statusCode: 400, exceptionName: 'ValidationException', body: { Message: message } };
}

export function sendAwsError(reply: FastifyReply, answer: AwsErrorAnswer): FastifyReply {
  return reply
    .code(answer.statusCode)
    .header('X-Amzn-ErrorType', answer.exceptionName)
    .header('Cache-Control', 'no-store')
    .type('application/json')
    .send(answer.body);
}

function resourceOf(error: DomainError): Pick<AwsErrorBody, 'ResourceId' | 'ResourceType'> {
  if ('associationId' in error && error.code === 'ASSOCIATION_NOT_FOUND' && typeof error.associationId === 'string') {
    return { ResourceId: error.associationId, ResourceType: 'AccountAssociation' };
  }
  if ('connectorDestinationId' in error && typeof error.connectorDestinationId === 'string') {
    return { ResourceId: error.connectorDestinationId, ResourceType: 'ConnectorDestination' };
  }
  if (error instanceof DeviceResourceNotFound) return { ResourceId: error.resourceId, ResourceType: error.resourceType };
  return {};
}

/**
 * A framework error raised while a request of these routes was routed or its body read (too large, a bad
 * path): a client error is a ValidationException with the framework texts of ours (theirs quote the input).
 */
export function awsFrameworkErrorAnswer(error: { readonly code?: string; readonly statusCode?: number } | DomainError): AwsErrorAnswer {
  if (error instanceof DomainError) return awsErrorAnswer(error);
  const { statusCode, envelope } = answerToRouteError(error);
  return statusCode < 500 ? validationAnswer(envelope.payload.responseMessage) : UNEXPECTED;
}
