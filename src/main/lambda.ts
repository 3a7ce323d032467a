import type { ConnectorLambdaHandler } from '../adapters/lambda/lambda-handler.js';
import { buildConnectorContainer } from './connector-container.js';
import { loadConfig } from './config/load-config.js';
import { TOKENS } from './tokens.js';

// Built once per cold start, outside the handler, so warm invocations reuse keys, caches and sockets.
const config = loadConfig(process.env);
const container = buildConnectorContainer(config);
const ready: Promise<ConnectorLambdaHandler> | ConnectorLambdaHandler =
  config.linking?.storage.kind === 'dynamodb'
    ? import('./lambda-link-store.js').then(({ bindLambdaLinkStore }) => {
        bindLambdaLinkStore(container, config);
        return container.get<ConnectorLambdaHandler>(TOKENS.LambdaHandler);
      })
    : container.get<ConnectorLambdaHandler>(TOKENS.LambdaHandler);

export const handler: ConnectorLambdaHandler = async (event, context) => (await ready)(event, context);
