import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { HttpRoutes } from './http-routes.js';

export interface FastifyServerOptions {
  readonly host: string;
  readonly port: number;
}

/** The HTTP entry: mounts every route group and answers framework errors in the contract's format. */
export class FastifyServer {
  readonly app: FastifyInstance;
  #ready: Promise<void> | undefined;

  constructor(
    private readonly routes: readonly HttpRoutes[],
    private readonly options: FastifyServerOptions,
  ) {
    this.app = Fastify({ logger: false, routerOptions: { maxParamLength: 200 }, return503OnClosing: true });
    this.app.setErrorHandler((error: FastifyError, _request, reply) => {
      const clientError = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500;
      const statusCode = clientError ? 400 : 500;
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
