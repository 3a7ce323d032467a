import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** A group of routes the HTTP server mounts; the linking flow and custom teams add their own. */
export interface HttpRoutes {
  register(app: FastifyInstance): Promise<void> | void;

  /**
   * Optional: answers an error the framework raised before any route ran (a path that is not valid
   * percent-encoding, a parameter over its length) when the request's path is this group's, in the
   * group's own error shape; returns false to leave it to the server's contract envelope.
   */
  answerFrameworkError?(error: FastifyError, request: FastifyRequest, reply: FastifyReply): boolean;
}
