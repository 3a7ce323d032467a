import { loadConfig } from './config/load-config.js';
import { createConnector } from './create-connector.js';

// Composed and started once per cold start, outside the handler, so warm invocations reuse keys, caches and sockets.
export const { handler } = createConnector(loadConfig(process.env));
