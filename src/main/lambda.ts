import { MultiIssuerTokenVerifier } from '../adapters/jwt/multi-issuer-token-verifier.js';
import type { ConnectorLambdaHandler } from '../adapters/lambda/lambda-handler.js';
import { Deadline } from '../application/deadline.js';
import { buildConnectorContainer } from './connector-container.js';
import { loadConfig } from './config/load-config.js';
import { TOKENS } from './tokens.js';

// Built once per cold start, outside the handler, so warm invocations reuse keys, caches and sockets.
const config = loadConfig(process.env);
const container = buildConnectorContainer(config);

/** How long the init phase (10 s of its own) may spend on the issuers' key sets. */
const KEY_PREFETCH_BUDGET_MS = 5_000;

// The first invocation would otherwise fetch the key sets within its own two seconds.
if (container.isBound(TOKENS.TokenVerifier)) {
  const verifier = container.get(TOKENS.TokenVerifier);
  if (verifier instanceof MultiIssuerTokenVerifier) void verifier.prefetchKeys(Deadline.in(KEY_PREFETCH_BUDGET_MS, container.get(TOKENS.Clock)));
}
const ready: Promise<ConnectorLambdaHandler> | ConnectorLambdaHandler =
  config.linking?.storage.kind === 'dynamodb'
    ? import('./lambda-link-store.js').then(({ bindLambdaLinkStore }) => {
        bindLambdaLinkStore(container, config);
        return container.get<ConnectorLambdaHandler>(TOKENS.LambdaHandler);
      })
    : container.get<ConnectorLambdaHandler>(TOKENS.LambdaHandler);

export const handler: ConnectorLambdaHandler = async (event, context) => (await ready)(event, context);
