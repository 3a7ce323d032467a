import type { ConnectorLambdaHandler } from '../adapters/lambda/lambda-handler.js';
import { buildContainer } from './container.js';
import { loadConfig } from './config/load-config.js';
import { lambdaStorage } from './lambda-storage.js';
import { TOKENS } from './tokens.js';

// Built once per cold start, outside the handler, so warm invocations reuse keys, caches and sockets.
const config = loadConfig(process.env);
const container = buildContainer(config, { storage: lambdaStorage(config) });

export const handler: ConnectorLambdaHandler = container.get<ConnectorLambdaHandler>(TOKENS.LambdaHandler);
