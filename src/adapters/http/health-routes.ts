import type { FastifyInstance } from 'fastify';
import type { HttpRoutes } from './http-routes.js';

export class HealthRoutes implements HttpRoutes {
  register(app: FastifyInstance): void {
    app.get('/health', async () => ({ status: 'ok' }));
  }
}
