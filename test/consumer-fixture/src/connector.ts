import { createConnector, loadConfig, type AppConfig, type Connector } from 'c2c-account-linking';
import type { AcmeCloud } from './acme-cloud.js';
import { AcmeIdentityLookup } from './acme-identity-lookup.js';
import { SendCommandHandler } from './send-command-handler.js';

/** Acme's identities take the place of the userinfo source; everything else is configured as usual. */
export function acmeConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  return loadConfig({ C2C_IDENTITY_SOURCES: 'userinfo', C2C_USERINFO_URL: 'https://api.acme.example/v2/me', ...env });
}

/** The one place that registers Acme's identity adapter and operation with c2c-account-linking. */
export function createAcmeConnector(config: AppConfig, cloud: AcmeCloud): Connector {
  return createConnector(config, {
    ports: { identityLookup: new AcmeIdentityLookup(cloud) },
    operations: [new SendCommandHandler(cloud)],
  });
}
