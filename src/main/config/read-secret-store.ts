import type { SecretStoreConfig } from './app-config.js';
import type { EnvReader } from './env-reader.js';

/**
 * `C2C_SECRET_STORE`: `aws` (Secrets Manager) unless `C2C_LOCAL_SECRETS_FILE` is set, which makes `local` the
 * default. Nothing is read from the store before a General Authorization request arrives.
 */
export function readSecretStore(read: EnvReader): SecretStoreConfig {
  const file = read.optional('C2C_LOCAL_SECRETS_FILE');
  const kind = read.oneOf('C2C_SECRET_STORE', ['aws', 'local'], file === undefined ? 'aws' : 'local');
  if (kind === 'local') {
    if (read.has('C2C_SECRETS_MANAGER_ENDPOINT')) read.problem('C2C_SECRETS_MANAGER_ENDPOINT', 'is used only with C2C_SECRET_STORE=aws');
    return { kind, file: read.required('C2C_LOCAL_SECRETS_FILE', 'with C2C_SECRET_STORE=local (a JSON file of secret ARNs, versionIds and values)') };
  }
  if (file !== undefined) read.problem('C2C_LOCAL_SECRETS_FILE', 'is used only with C2C_SECRET_STORE=local');
  return { kind, endpoint: read.optionalUrl('C2C_SECRETS_MANAGER_ENDPOINT') };
}
