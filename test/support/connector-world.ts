import type { Container } from 'inversify';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector, type ConnectorExtensions } from '#main/create-connector.js';
import { MemoryLog } from './memory-log.js';

export interface ConnectorUnderTest {
  readonly container: Container;
  readonly handler: ConnectorLambdaHandler;
  readonly log: MemoryLog;
}

/** The connector every entry composes for `env`, logging into memory, with its Lambda handler. */
export function connectorFor(env: Readonly<Record<string, string>>, extensions: ConnectorExtensions = {}): ConnectorUnderTest {
  const log = new MemoryLog();
  const connector = createConnector(loadConfig({ LOG_LEVEL: 'silent', ...env }), {
    ...extensions,
    ports: { logger: log.logger, ...extensions.ports },
  });
  return { container: connector.container, handler: connector.handler, log };
}

/** Awaits the handler and hands back its envelope, or the error it threw (the retryable outcome). */
export async function settle(work: Promise<unknown>): Promise<{ readonly envelope?: unknown; readonly thrown?: Error }> {
  try {
    return { envelope: await work };
  } catch (error) {
    return { thrown: error as Error };
  }
}
