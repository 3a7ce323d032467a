import { OptionalDependencyMissing } from '../adapters/optional-dependency/optional-dependency-missing.js';
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
  // These two say what to do in their message; a stack would only bury it.
  const explained = error instanceof ConfigurationError || error instanceof OptionalDependencyMissing;
  process.stderr.write(`${explained ? error.message : 'The server could not start.'}\n`);
  if (!explained && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  process.exit(1);
});
