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
  if (verifier instanceof MultiIssuerTokenVerifier) void verifier.prefetchKeys(Deadline.in(KEY_PREFETCH_BUDGET_MS));
}
// DeactivateUser's link store: DynamoDB only (a Lambda keeps no disk for the embedded one), and the table
// exists (the deploy template creates it). Loaded lazily: a connector without linking never loads the AWS SDK.
const storage = config.linking?.storage;
const ready: Promise<ConnectorLambdaHandler> | ConnectorLambdaHandler =
  storage?.kind === 'dynamodb'
    ? import('./open-account-link-store.js')
        .then(({ openAccountLinkStore }) => openAccountLinkStore(storage, { ensureTable: false }))
        .then((store) => {
          container.bind(TOKENS.AccountLinkRepository).toConstantValue(store.repository);
          return container.get<ConnectorLambdaHandler>(TOKENS.LambdaHandler);
        })
    : container.get<ConnectorLambdaHandler>(TOKENS.LambdaHandler);

export const handler: ConnectorLambdaHandler = async (event, context) => (await ready)(event, context);
