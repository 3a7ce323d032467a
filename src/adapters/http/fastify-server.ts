import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { type ConnectionError, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger, LogValue } from '../../application/ports/logger.js';
import { copyDefined } from '../logging/copy-defined.js';
import { correlationIdFrom } from '../logging/correlation-id.js';
import { answerToClientError, answerToRouteError, rawHttpResponse, type ClientErrorLimits } from './framework-error-answers.js';
import type { HttpRoutes } from './http-routes.js';
import { noteRequestFacts } from './request-log-facts.js';

export interface FastifyServerOptions {
  readonly host: string;
  readonly port: number;
  /** Largest request body of any route. Default 256 KiB (the connector envelope limit). */
  readonly bodyLimit?: number;
  /** Largest request head (request line and headers). Default 16 KiB. */
  readonly maxHeaderSize?: number;
  /** Headers read per request; the rest are ignored. Default 64. */
  readonly maxHeadersCount?: number;
  /** Time allowed to receive a whole request, head and body; a slower one is answered 408. Default 10 s. */
  readonly requestTimeoutMs?: number;
  /** An idle socket is closed after this long; longer than the slowest answer (the linking callback). Default 65 s. */
  readonly connectionTimeoutMs?: number;
}

const CORRELATION_HEADER = 'x-correlation-id';
/** Node looks for requests over their time this often at most: a slow one is cut within 5% of its limit. */
const MAX_TIMEOUT_CHECK_INTERVAL_MS = 500;

/**
 * The HTTP entry: mounts every route group, answers framework errors in the contract's format, and writes
 * one log line per request (route pattern, never the URL: the callback's query holds the code and state).
 */
export class FastifyServer {
  readonly app: FastifyInstance;
  #ready: Promise<void> | undefined;

  constructor(
    private readonly routes: readonly HttpRoutes[],
    private readonly options: FastifyServerOptions,
    private readonly logger: Logger,
  ) {
    const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    const limits: ClientErrorLimits = { requestTimeoutMs, maxHeaderSize: options.maxHeaderSize ?? 16 * 1024 };
    this.app = Fastify({
      logger: false,
      routerOptions: { maxParamLength: 200 },
      return503OnClosing: true,
      bodyLimit: options.bodyLimit ?? 256 * 1024,
      requestTimeout: requestTimeoutMs,
      connectionTimeout: options.connectionTimeoutMs ?? 65_000,
      http: {
        maxHeaderSize: limits.maxHeaderSize,
        // Node times head and body apart: left at its default (60 s), the head's limit is also the body's, and
        // expiry is checked only every 30 s.
        requestTimeout: requestTimeoutMs,
        headersTimeout: requestTimeoutMs,
        connectionsCheckingInterval: Math.max(1, Math.min(MAX_TIMEOUT_CHECK_INTERVAL_MS, Math.ceil(requestTimeoutMs / 20))),
      },
      requestIdHeader: false,
      genReqId: (request) => correlationIdFrom(request.headers[CORRELATION_HEADER]),
      frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
        if (this.routes.some((group) => group.answerFrameworkError?.(error, request, reply) === true)) return;
        const { statusCode, envelope } = answerToRouteError(error);
        noteRequestFacts(request, { errorCode: envelope.payload.errorCode, errorName: error.code });
        void reply.code(statusCode).send(envelope);
      },
      clientErrorHandler: (error, socket) => this.#answerClientError(error, socket, limits),
    });
    this.app.server.maxHeadersCount = options.maxHeadersCount ?? 64;
    this.app.decorateRequest('logFacts', null);
    // Callback-style hooks: an async hook costs every request a promise and a microtask turn.
    this.app.addHook('onRequest', (request, reply, done) => {
      void reply.header(CORRELATION_HEADER, request.id);
      done();
    });
    this.app.addHook('onResponse', (request, reply, done) => {
      const fields: Record<string, LogValue | undefined> = {
        correlationId: request.id,
        entry: 'http',
        method: request.method,
        route: request.routeOptions.url ?? 'unknown',
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
      };
      if (request.logFacts !== null) copyDefined(request.logFacts, fields);
      if (reply.statusCode >= 500) this.logger.error('http request', fields);
      else this.logger.info('http request', fields);
      done();
    });
    this.app.setErrorHandler((error: FastifyError, request, reply) => {
      const { statusCode, envelope } = answerToRouteError(error);
      // The error's name and code only: a message may quote the input.
      noteRequestFacts(request, { errorCode: envelope.payload.errorCode, errorName: error.code ?? error.name });
      void reply.code(statusCode).send(envelope);
    });
    this.app.setNotFoundHandler((_request, reply) => {
      void reply.code(404).send({
        header: { responseCode: 404 },
        payload: { responseMessage: 'No such route.', errorCode: 'INVALID_REQUEST' },
      });
    });
  }

  /**
   * A request Node's parser refused (malformed, head too large, not received in time): no request or reply
   * object exists, so the answer is written to the socket, unless a response has begun on it already.
   */
  #answerClientError(error: ConnectionError, socket: Socket, limits: ClientErrorLimits): void {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const answer = answerToClientError(error.code, limits);
    const response = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && response?.headersSent !== true) {
      socket.write(rawHttpResponse(answer, STATUS_CODES[answer.statusCode] ?? 'Error'));
    }
    socket.destroy();
    this.logger.info('http request', {
      entry: 'http',
      route: 'none',
      statusCode: answer.statusCode,
      errorCode: answer.envelope.payload.errorCode,
      errorName: error.code,
    });
  }

  /** Registers the routes once; safe to call from `listen` and from tests that use `inject`. */
  ready(): Promise<void> {
    this.#ready ??= (async () => {
      for (const group of this.routes) await group.register(this.app);
      await this.app.ready();
    })();
    return this.#ready;
  }

  async listen(): Promise<string> {
    await this.ready();
    return this.app.listen({ host: this.options.host, port: this.options.port });
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
