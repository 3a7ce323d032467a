import { createConnector, loadConfig, PinoLogger, SystemClock } from 'c2c-account-linking';
import { acmeCloudAt } from './acme-cloud-over-https.js';
import { AcmeIdentitySource } from './acme-identity-source.js';
import { SendCommandHandler } from './send-command-handler.js';

// The Lambda entry of the Acme connector. ACME_API_URL is the team's own variable, not one of the package's.
const cloud = acmeCloudAt(process.env['ACME_API_URL'] ?? 'https://api.acme.example');
const clock = new SystemClock();
const logger = PinoLogger.create({ level: 'warn' });

const connector = createConnector(loadConfig(process.env), {
  identitySources: { acme: new AcmeIdentitySource(cloud) }, // where C2C_IDENTITY_SOURCES names "acme"
  operations: [new SendCommandHandler(cloud)],              // one UserOperationHandler per operationName
  ports: { clock, logger },                                 // any port of the table below
});
export const handler = connector.handler;                   // the same behaviour as dist/main/lambda.js
