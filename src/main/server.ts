import { SystemClock } from '../adapters/clock/system-clock.js';
import type { FastifyServer } from '../adapters/http/fastify-server.js';
import { ConfigurationError } from './config/configuration-error.js';
import { loadConfig } from './config/load-config.js';
import { buildContainer } from './container.js';
import { openStorage, type OpenStorage } from './open-storage.js';
import { describeSandbox } from './sandbox/describe-sandbox.js';
import { sandboxRequested } from './sandbox/sandbox-requested.js';
import { startSandbox } from './sandbox/start-sandbox.js';
import { TOKENS } from './tokens.js';

async function main(): Promise<void> {
  if (sandboxRequested(process.env)) {
    const sandbox = await startSandbox(process.env);
    process.stdout.write(describeSandbox(sandbox));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void sandbox.stop().then(() => process.exit(0)));
    return;
  }
  const config = loadConfig(process.env);
  const storage: OpenStorage | undefined = config.linking === undefined ? undefined : await openStorage(config.linking.storage, new SystemClock());
  const container = buildContainer(config, { storage });
  const server = container.get<FastifyServer>(TOKENS.HttpServer);
  const address = await server.listen();
  process.stdout.write(`c2c-account-linking listening on ${address}\n`);
  if (storage !== undefined) process.stdout.write(`account links stored in DynamoDB at ${storage.endpoint}, table ${storage.tableName}\n`);

  const stop = async () => {
    await server.close();
    await storage?.close();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigurationError ? error.message : 'The server could not start.';
  process.stderr.write(`${message}\n`);
  if (!(error instanceof ConfigurationError) && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  process.exit(1);
});
