import { DomainError } from '../../domain/errors/domain-error.js';
import { errorResponse, type ConnectorResponseEnvelope } from '../connector-envelope/connector-response.js';

export interface FrameworkErrorAnswer {
  readonly statusCode: number;
  readonly envelope: ConnectorResponseEnvelope;
}

/** Texts of our own for the framework's errors: theirs quote the URL or the input. */
const ROUTE_ERROR_TEXTS: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than this route takes.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The request has a malformed Content-Type.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request body does not match its Content-Length.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty where JSON was announced.',
  FST_ERR_BAD_URL: 'The URL is not validly percent-encoded.',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is longer than 200 characters.',
};

/**
 * The answer to an error raised while a request is routed or its body read, or thrown by a route: a domain
 * error as its code says; any client error of the framework 400 INVALID_REQUEST (as the Lambda answers the
 * same envelope, an oversized one included); anything else 500.
 */
export function answerToRouteError(error: { readonly code?: string; readonly statusCode?: number } | DomainError): FrameworkErrorAnswer {
  if (error instanceof DomainError) return errorResponse(error);
  const { code, statusCode } = error;
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    return answer(400, (code === undefined ? undefined : ROUTE_ERROR_TEXTS[code]) ?? `The request is invalid: ${safeCode(code)}.`);
  }
  return {
    statusCode: 500,
    envelope: { header: { responseCode: 500 }, payload: { responseMessage: 'The server failed unexpectedly.', errorCode: 'INTERNAL_ERROR' } },
  };
}

export interface ClientErrorLimits {
  readonly requestTimeoutMs: number;
  readonly maxHeaderSize: number;
}

/**
 * The answer to a request Node's HTTP parser refused before any route saw it. These keep their HTTP status,
 * which clients and proxies act on (408: send it again; 431: a smaller head), in the contract's envelope.
 */
export function answerToClientError(code: string, limits: ClientErrorLimits): FrameworkErrorAnswer {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return answer(408, `The request was not received within ${limits.requestTimeoutMs / 1000} s.`);
    case 'HPE_HEADER_OVERFLOW':
      return answer(431, `The request head is larger than ${limits.maxHeaderSize} bytes.`);
    default:
      return answer(400, 'The request is not valid HTTP/1.1.');
  }
}

/** A whole HTTP/1.1 response, for a socket no response object writes to; the connection closes after it. */
export function rawHttpResponse({ statusCode, envelope }: FrameworkErrorAnswer, reason: string): string {
  const body = JSON.stringify(envelope);
  return (
    `HTTP/1.1 ${statusCode} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

function answer(statusCode: number, responseMessage: string): FrameworkErrorAnswer {
  return { statusCode, envelope: { header: { responseCode: statusCode }, payload: { responseMessage, errorCode: 'INVALID_REQUEST' } } };
}

/** Error codes are identifiers; anything else in that place is not repeated. */
function safeCode(code: string | undefined): string {
  return code !== undefined && /^[A-Z0-9_]{1,64}$/.test(code) ? code : 'bad request';
}
