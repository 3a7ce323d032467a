import type { Container } from 'inversify';
import { SystemClock } from '../../adapters/clock/system-clock.js';
import { InvocationFactsByDeadline } from '../../adapters/logging/invocation-facts-by-deadline.js';
import { PinoLogger } from '../../adapters/logging/pino-logger.js';
import type { AppConfig } from '../config/app-config.js';
import { TOKENS } from '../tokens.js';
import type { PortOverrides } from './extensions.js';

/** Logging, the facts gathered into each invocation's log line, and time. */
export function bindObservability(container: Container, config: AppConfig, ports: PortOverrides): void {
  const { logger, clock } = ports;
  if (logger === undefined) container.bind(TOKENS.Logger).toResolvedValue(() => PinoLogger.create({ level: config.logging.level }));
  else container.bind(TOKENS.Logger).toConstantValue(logger);
  container.bind(TOKENS.Clock).toConstantValue(clock ?? new SystemClock());
  container.bind(TOKENS.InvocationFacts).toResolvedValue(() => new InvocationFactsByDeadline());
}
