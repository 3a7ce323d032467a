import type { FastifyInstance } from 'fastify';

/** A group of routes the HTTP server mounts; the linking flow and custom teams add their own. */
export interface HttpRoutes {
  register(app: FastifyInstance): Promise<void> | void;
}
