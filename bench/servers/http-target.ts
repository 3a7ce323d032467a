import Fastify from 'fastify';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector } from '#main/create-connector.js';
import { joseVerifyOptionsFrom } from '../peer/jose-verify-options.js';

/**
 * A server for figure 5, alone in its process so that autocannon (in the bench's process) does not share
 * its event loop. `connector`: our HTTP entry from the container, configured from this process's environment
 * as a deployment is (LOG_LEVEL unset: one access line per request on stdout, which the bench hands to a
 * process of its own to drain); `bare`: a fastify route answering a constant; `bare-jose`: a fastify route that
 * verifies the token with jose.jwtVerify against the key set (C2C_BENCH_JWKS) and answers its subject.
 * Sends its URL to the parent over IPC, then serves until killed.
 */
const kind = process.argv[2];

const CONSTANT_ANSWER = {
  header: { responseCode: 200 },
  payload: { responseMessage: 'Successfully activated user with connector-id bench-connector.', userId: 'user-123' },
};

interface Envelope {
  readonly header: { readonly auth: { readonly token: string } };
  readonly payload: { readonly connectorId: string };
}

async function start(): Promise<string> {
  if (kind === 'connector') return createConnector(loadConfig({ ...process.env, PORT: '0' })).listen();
  const app = Fastify({ logger: false });
  if (kind === 'bare') {
    app.post('/connector', async () => CONSTANT_ANSWER);
  } else if (kind === 'bare-jose') {
    const keys = createLocalJWKSet(JSON.parse(process.env['C2C_BENCH_JWKS'] ?? '{}') as JSONWebKeySet);
    const options = joseVerifyOptionsFrom(process.env);
    app.post<{ Body: Envelope }>('/connector', async (request) => {
      const { payload } = await jwtVerify(request.body.header.auth.token, keys, options);
      return {
        header: { responseCode: 200 },
        payload: { responseMessage: `Successfully activated user with connector-id ${request.body.payload.connectorId}.`, userId: payload.sub },
      };
    });
  } else {
    throw new Error(`unknown server kind ${String(kind)}`);
  }
  return app.listen({ host: '127.0.0.1', port: 0 });
}

start().then(
  (url) => process.send?.({ url }),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
