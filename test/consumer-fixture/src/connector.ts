import { createConnector, type AppConfig, type Connector } from 'c2c-account-linking';
import type { AcmeCloud } from './acme-cloud.js';
import { AcmeIdentitySource } from './acme-identity-source.js';
import { SendCommandHandler } from './send-command-handler.js';

/**
 * The one place that registers Acme's identity source (by name: C2C_IDENTITY_SOURCES=acme, or unset to
 * try it after the built-in ones) and its operation with c2c-account-linking.
 */
export function createAcmeConnector(config: AppConfig, cloud: AcmeCloud): Connector {
  return createConnector(config, {
    identitySources: { acme: new AcmeIdentitySource(cloud) },
    operations: [new SendCommandHandler(cloud)],
  });
}
