import { GetSecretValueCommand, SecretsManagerClient, type GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager';
import type { Deadline } from '../../application/deadline.js';
import type { SecretReference, SecretStore } from '../../application/ports/secret-store.js';
import { ConnectorMisconfigured } from '../../domain/errors/connector-misconfigured.js';
import type { DomainError } from '../../domain/errors/domain-error.js';
import { IdentityProviderUnavailable } from '../../domain/errors/identity-provider-unavailable.js';
import { SecretValue } from '../../domain/secret-value.js';

export interface AwsSecretsManagerStoreOptions {
  /**
   * A Secrets Manager-compatible endpoint (a local emulator, a test server). When set, requests are signed
   * with `credentials`, or fixed dummy ones; when unset, each secret's regional AWS endpoint is called with
   * the default credential chain (the Lambda's role).
   */
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Most secret versions kept in memory (least recently used evicted). Default 100. */
  readonly maxEntries?: number;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The connector's own setup: retrying the same request cannot help. */
const MISCONFIGURATION: Readonly<Record<string, string>> = {
  ResourceNotFoundException: "Secrets Manager has no such secret, or no such version of it: check the destination's secret ARN and versionId",
  AccessDeniedException:
    "The connector may not read this secret: its role needs secretsmanager:GetSecretValue on the secret and kms:Decrypt on the secret's key",
  DecryptionFailure: "Secrets Manager could not decrypt the secret: the connector's role needs kms:Decrypt on the secret's key",
  InvalidRequestException: 'Secrets Manager refused to read the secret (one scheduled for deletion, for instance)',
  InvalidParameterException: 'Secrets Manager refused the secret reference',
};

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'InternalServiceError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'ExpiredTokenException',
]);

/**
 * The SecretStore on AWS Secrets Manager: `GetSecretValue` with the reference's ARN and VersionId, in the
 * secret's region, within the deadline. A version's value never changes, so each one read is kept (bounded,
 * least recently used first) and concurrent reads of one version share one call. The SDK makes one attempt:
 * managed integrations retries an unavailable answer, and the SDK's own back-off would not follow the deadline.
 */
export class AwsSecretsManagerStore implements SecretStore {
  readonly #clients = new Map<string, SecretsManagerClient>();
  readonly #values = new Map<string, SecretValue>();
  readonly #inFlight = new Map<string, Promise<SecretValue>>();
  readonly #maxEntries: number;

  constructor(private readonly options: AwsSecretsManagerStoreOptions = {}) {
    this.#maxEntries = Math.max(0, options.maxEntries ?? 100);
  }

  resolve(reference: SecretReference, deadline: Deadline): Promise<SecretValue> {
    const key = `${reference.arn}\n${reference.versionId}`;
    const known = this.#values.get(key);
    if (known !== undefined) {
      this.#values.delete(key);
      this.#values.set(key, known);
      return Promise.resolve(known);
    }
    const running = this.#inFlight.get(key);
    if (running !== undefined) return deadline.race(running, () => unavailable('no answer within the deadline'));
    const reading = this.#read(reference, deadline).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, reading);
    return reading.then((value) => this.#remember(key, value));
  }

  /** Closes the clients' connections. */
  destroy(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }

  async #read(reference: SecretReference, deadline: Deadline): Promise<SecretValue> {
    if (deadline.remainingMs() === 0) throw unavailable('no time left in the deadline');
    let output: GetSecretValueCommandOutput;
    try {
      output = await this.#clientFor(regionOf(reference.arn)).send(
        new GetSecretValueCommand({ SecretId: reference.arn, VersionId: reference.versionId }),
        { abortSignal: deadline.signal },
      );
    } catch (error) {
      // Not kept as cause: an error from reading an answer may carry the answer, and so the secret.
      throw failureOf(error);
    }
    if (typeof output.SecretString === 'string') return SecretValue.of(output.SecretString);
    if (output.SecretBinary instanceof Uint8Array) return SecretValue.of(Buffer.from(output.SecretBinary).toString('utf8'));
    throw new ConnectorMisconfigured('The secret version holds no value (neither SecretString nor SecretBinary).');
  }

  #remember(key: string, value: SecretValue): SecretValue {
    if (this.#maxEntries === 0) return value;
    this.#values.set(key, value);
    if (this.#values.size > this.#maxEntries) this.#values.delete(this.#values.keys().next().value!);
    return value;
  }

  #clientFor(region: string): SecretsManagerClient {
    let client = this.#clients.get(region);
    if (client === undefined) {
      const { endpoint, credentials } = this.options;
      client = new SecretsManagerClient({
        region,
        maxAttempts: 1,
        ...(endpoint === undefined ? {} : { endpoint, credentials: credentials ?? LOCAL_CREDENTIALS }),
      });
      this.#clients.set(region, client);
    }
    return client;
  }
}

/** `arn:aws:secretsmanager:<region>:<account>:secret:<name>`: the envelope has checked the shape. */
function regionOf(arn: string): string {
  return arn.split(':')[3] ?? '';
}

interface SdkFailure {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

function failureOf(error: unknown): DomainError {
  const failure: SdkFailure = typeof error === 'object' && error !== null ? error : {};
  const name = typeof failure.name === 'string' && /^[A-Za-z0-9._:#-]{1,64}$/.test(failure.name) ? failure.name : 'Error';
  const status = typeof failure.$metadata?.httpStatusCode === 'number' ? failure.$metadata.httpStatusCode : undefined;
  const misconfiguration = MISCONFIGURATION[name];
  if (misconfiguration !== undefined) return new ConnectorMisconfigured(`${misconfiguration} (${name}).`);
  if (name === 'AbortError' || name === 'TimeoutError') return unavailable('no answer within the deadline');
  if (TRANSIENT_NAMES.has(name) || status === 429 || (status !== undefined && status >= 500) || failure.$fault === 'server') {
    return unavailable(status === undefined ? name : `${name}, HTTP ${status}`);
  }
  if (status !== undefined && status >= 400) {
    return new ConnectorMisconfigured(`Secrets Manager refused the connector's request (${name}, HTTP ${status}): check the connector's AWS credentials.`);
  }
  const code = typeof failure.code === 'string' && /^[A-Z0-9_]{1,32}$/.test(failure.code) ? failure.code : name;
  return unavailable(code);
}

function unavailable(reason: string): IdentityProviderUnavailable {
  return new IdentityProviderUnavailable(`Secrets Manager gave no usable answer: ${reason}.`);
}
