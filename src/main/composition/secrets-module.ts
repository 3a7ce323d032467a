import type { Container } from 'inversify';
import { JsonFileSecretStore } from '../../adapters/local-secrets/json-file-secret-store.js';
import type { AppConfig } from '../config/app-config.js';
import { TOKENS } from '../tokens.js';
import type { PortOverrides } from './extensions.js';
import { LazySecretStore } from './lazy-secret-store.js';

/** The SecretStore that General Authorization requests are read from: `ports.secretStore`, else `C2C_SECRET_STORE`'s. */
export function bindSecrets(container: Container, config: AppConfig, ports: PortOverrides): void {
  const { secrets } = config;
  if (ports.secretStore !== undefined) container.bind(TOKENS.SecretStore).toConstantValue(ports.secretStore);
  else if (secrets.kind === 'local') container.bind(TOKENS.SecretStore).toConstantValue(new JsonFileSecretStore(secrets.file));
  else {
    const { endpoint } = secrets;
    container.bind(TOKENS.SecretStore).toConstantValue(
      new LazySecretStore(async () => {
        const { AwsSecretsManagerStore } = await import('../../adapters/secrets-manager/aws-secrets-manager-store.js');
        return new AwsSecretsManagerStore(endpoint === undefined ? {} : { endpoint });
      }),
    );
  }
}
