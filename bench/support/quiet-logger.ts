import type { Logger } from '#application/ports/logger.js';

/** A logger that writes nothing and costs nothing: the connector's own work, without its line. */
export function quietLogger(): Logger {
  const logger: Logger = { error() {}, warn() {}, info() {}, debug() {}, child: () => logger };
  return logger;
}
