import type { ConnectorLambdaHandler } from '../adapters/lambda/lambda-handler.js';
import { buildConnectorContainer } from './connector-container.js';
import { loadConfig } from './config/load-config.js';
import { TOKENS } from './tokens.js';

// Built once per cold start, outside the handler, so warm invocations reuse keys, caches and sockets.
const container = buildConnectorContainer(loadConfig(process.env));

export const handler: ConnectorLambdaHandler = container.get<ConnectorLambdaHandler>(TOKENS.LambdaHandler);
