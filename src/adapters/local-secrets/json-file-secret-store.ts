// fs.promises, read when the file is: node:fs/promises imported at module level compiles at every cold start.
import { promises as fs } from 'node:fs';
import type { SecretReference, SecretStore } from '../../application/ports/secret-store.js';
import { ConnectorMisconfigured } from '../../domain/errors/connector-misconfigured.js';
import { SecretValue } from '../../domain/secret-value.js';

/**
 * The SecretStore of the sandbox and of tests: a JSON file that maps each secret ARN to its versions, and
 * each versionId to the value, a string or a JSON object (kept as its JSON text, as Secrets Manager keeps
 * `{"apiKey": "..."}`):
 * `{"arn:aws:secretsmanager:us-east-1:123456789012:secret:acme-AbCdEf": {"<versionId>": {"apiKey": "..."}}}`.
 * The file is read on every call, so an edit applies at once.
 */
export class JsonFileSecretStore implements SecretStore {
  constructor(private readonly file: string) {}

  /** A local file needs no deadline. */
  async resolve(reference: SecretReference): Promise<SecretValue> {
    const versions = (await this.#secrets())[reference.arn];
    const value = isObject(versions) && Object.hasOwn(versions, reference.versionId) ? versions[reference.versionId] : undefined;
    if (typeof value === 'string') return SecretValue.of(value);
    if (isObject(value)) return SecretValue.of(JSON.stringify(value));
    throw new ConnectorMisconfigured(`The local secrets file ${this.file} has no such secret, or no such version of it (a string or an object).`);
  }

  async #secrets(): Promise<Readonly<Record<string, unknown>>> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      throw new ConnectorMisconfigured(`The local secrets file ${this.file} cannot be read.`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // The parser's message quotes the text around the fault, which may be a secret: neither message nor cause is kept.
      throw new ConnectorMisconfigured(`The local secrets file ${this.file} is not valid JSON.`);
    }
    if (!isObject(parsed)) throw new ConnectorMisconfigured(`The local secrets file ${this.file} must hold a JSON object of secret ARNs.`);
    return parsed;
  }
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
