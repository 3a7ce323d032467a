import type { FastifyInstance } from 'fastify';
import type { HttpRoutes } from './http-routes.js';

/** The link store's state, for `/health`: `degraded` while it cannot take writes. */
export type StoreHealthCheck = () => Promise<'ok' | 'degraded'>;

/**
 * `GET /health`: `{"status":"ok"}`, or `{"status":"degraded","store":"writes failing"}` while the link store
 * cannot write. 200 in both cases: the connector, and reads, still work; restarting the process would not
 * give a full disk room.
 */
export class HealthRoutes implements HttpRoutes {
  constructor(private readonly storeHealth: StoreHealthCheck = () => Promise.resolve('ok')) {}

  register(app: FastifyInstance): void {
    app.get('/health', async (_request, reply) => {
      void reply.header('Cache-Control', 'no-store');
      return (await this.storeHealth()) === 'ok' ? { status: 'ok' } : { status: 'degraded', store: 'writes failing' };
    });
  }
}
