import type { FastifyServer } from '../adapters/http/fastify-server.js';
import { ConfigurationError } from './config/configuration-error.js';
import { loadConfig } from './config/load-config.js';
import { buildContainer } from './container.js';
import { TOKENS } from './tokens.js';

async function main(): Promise<void> {
  const container = buildContainer(loadConfig(process.env));
  const server = container.get<FastifyServer>(TOKENS.HttpServer);
  const address = await server.listen();
  process.stdout.write(`c2c-account-linking listening on ${address}\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void server.close().then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigurationError ? error.message : 'The server could not start.';
  process.stderr.write(`${message}\n`);
  if (!(error instanceof ConfigurationError) && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  process.exit(1);
});
