import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger, LogValue } from '../../application/ports/logger.js';
import { copyDefined } from '../logging/copy-defined.js';
import { correlationIdFrom } from '../logging/correlation-id.js';
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
  /** Time allowed to receive a whole request. Default 10 s. */
  readonly requestTimeoutMs?: number;
  /** An idle socket is closed after this long; longer than the slowest answer (the linking callback). Default 65 s. */
  readonly connectionTimeoutMs?: number;
}

const CORRELATION_HEADER = 'x-correlation-id';

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
    this.app = Fastify({
      logger: false,
      routerOptions: { maxParamLength: 200 },
      return503OnClosing: true,
      bodyLimit: options.bodyLimit ?? 256 * 1024,
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      connectionTimeout: options.connectionTimeoutMs ?? 65_000,
      http: { maxHeaderSize: options.maxHeaderSize ?? 16 * 1024 },
      requestIdHeader: false,
      genReqId: (request) => correlationIdFrom(request.headers[CORRELATION_HEADER]),
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
      const clientError = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500;
      const statusCode = clientError ? 400 : 500;
      // The error's name and code only: a message may quote the input.
      noteRequestFacts(request, { errorCode: clientError ? 'INVALID_REQUEST' : 'INTERNAL_ERROR', errorName: error.code ?? error.name });
      void reply.code(statusCode).send({
        header: { responseCode: statusCode },
        payload: clientError
          ? { responseMessage: `The request is invalid: ${error.code ?? 'bad request'}.`, errorCode: 'INVALID_REQUEST' }
          : { responseMessage: 'The server failed unexpectedly.', errorCode: 'INTERNAL_ERROR' },
      });
    });
    this.app.setNotFoundHandler((_request, reply) => {
      void reply.code(404).send({
        header: { responseCode: 404 },
        payload: { responseMessage: 'No such route.', errorCode: 'INVALID_REQUEST' },
      });
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
