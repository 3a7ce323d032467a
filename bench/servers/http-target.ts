import Fastify from 'fastify';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector } from '#main/create-connector.js';

/**
 * A server for figure 5, alone in its process so that autocannon (in the bench's process) does not share
 * its event loop. `connector`: our HTTP entry from the container; `bare`: a fastify route answering a constant.
 * Prints the URL on the first line of stdout, then serves until killed.
 */
const kind = process.argv[2];

const CONSTANT_ANSWER = {
  header: { responseCode: 200 },
  payload: { responseMessage: 'Successfully activated user with connector-id bench-connector.', userId: 'user-123' },
};

async function start(): Promise<string> {
  if (kind === 'connector') {
    const config = loadConfig({
      LOG_LEVEL: 'warn',
      C2C_JWKS_URI: process.env['C2C_JWKS_URI'] ?? '',
      C2C_JWT_ISSUER: process.env['C2C_JWT_ISSUER'] ?? '',
      C2C_JWT_AUDIENCE: process.env['C2C_JWT_AUDIENCE'] ?? '',
      PORT: '0',
    });
    return createConnector(config).listen();
  }
  if (kind === 'bare') {
    const app = Fastify({ logger: false });
    app.post('/connector', async () => CONSTANT_ANSWER);
    return app.listen({ host: '127.0.0.1', port: 0 });
  }
  throw new Error(`unknown server kind ${String(kind)}`);
}

start().then(
  (url) => process.stdout.write(`${url}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
