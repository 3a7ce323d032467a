import { ConfigurationError } from './config/configuration-error.js';
import { loadConfig } from './config/load-config.js';
import { createConnector } from './create-connector.js';
import { describeSandbox } from './sandbox/describe-sandbox.js';
import { sandboxRequested } from './sandbox/sandbox-requested.js';

async function main(): Promise<void> {
  if (sandboxRequested(process.env)) {
    const { startSandbox } = await import('./sandbox/start-sandbox.js');
    const sandbox = await startSandbox(process.env);
    process.stdout.write(describeSandbox(sandbox));
    stopOnSignal(() => sandbox.stop());
    return;
  }
  const connector = createConnector(loadConfig(process.env));
  const address = await connector.listen();
  process.stdout.write(`c2c-account-linking listening on ${address}\n`);
  const store = connector.storeDescription();
  if (store !== undefined) process.stdout.write(`account links stored in ${store}\n`);
  stopOnSignal(() => connector.close());
}

function stopOnSignal(stop: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigurationError ? error.message : 'The server could not start.';
  process.stderr.write(`${message}\n`);
  if (!(error instanceof ConfigurationError) && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  process.exit(1);
});
