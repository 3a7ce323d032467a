import type { Container } from 'inversify';
import type { ConnectorLambdaHandler } from '#adapters/lambda/lambda-handler.js';
import type { Logger } from '#application/ports/logger.js';
import { loadConfig } from '#main/config/load-config.js';
import { buildContainer } from '#main/container.js';
import { TOKENS } from '#main/tokens.js';
import { MemoryLog } from './memory-log.js';

export interface ConnectorUnderTest {
  readonly container: Container;
  readonly handler: ConnectorLambdaHandler;
  readonly log: MemoryLog;
}

/** The real container for `env`, logging into memory, with its Lambda handler. */
export function connectorFor(env: Readonly<Record<string, string>>, rebind: (container: Container) => void = () => undefined): ConnectorUnderTest {
  const container = buildContainer(loadConfig({ LOG_LEVEL: 'silent', ...env }));
  const log = new MemoryLog();
  container.rebind<Logger>(TOKENS.Logger).toConstantValue(log.logger);
  rebind(container);
  return { container, handler: container.get<ConnectorLambdaHandler>(TOKENS.LambdaHandler), log };
}

/** Awaits the handler and hands back its envelope, or the error it threw (the retryable outcome). */
export async function settle(work: Promise<unknown>): Promise<{ readonly envelope?: unknown; readonly thrown?: Error }> {
  try {
    return { envelope: await work };
  } catch (error) {
    return { thrown: error as Error };
  }
}
