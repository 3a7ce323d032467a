import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ConnectorMisconfigured } from '../../domain/errors/connector-misconfigured.js';
import type { OutgoingRequest, RequestSigner } from './axios-connector-events.js';

/** The signing name of managed integrations (botocore's `signingName`), not its endpoint prefix. */
export const MANAGED_INTEGRATIONS_SIGNING_NAME = 'iotmanagedintegrations';

export interface SigV4RequestSignerOptions {
  readonly region: string;
  /** Default `iotmanagedintegrations`. */
  readonly service?: string;
  /** Default: the AWS SDK's default credential chain (the Lambda's role, through its environment). */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/**
 * Signs requests with AWS Signature Version 4 through the SDK's own signer (`@smithy/signature-v4`, SHA-256
 * from `@smithy/core`), with credentials from the SDK's default chain: the same account that registered the
 * connector, as SendConnectorEvent requires. Loaded only by a connector that sends events to AWS.
 */
export function createSigV4RequestSigner(options: SigV4RequestSignerOptions): RequestSigner {
  const signer = new SignatureV4({
    service: options.service ?? MANAGED_INTEGRATIONS_SIGNING_NAME,
    region: options.region,
    credentials: options.credentials ?? defaultProvider(),
    sha256: Sha256,
  });
  return async (request: OutgoingRequest) => {
    const { url } = request;
    let signed;
    try {
      signed = await signer.sign({
        method: request.method,
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port === '' ? {} : { port: Number(url.port) }),
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { ...request.headers, host: url.host },
        body: request.body,
      });
    } catch (error) {
      // The credential chain's errors name where it looked, never a key.
      throw new ConnectorMisconfigured(
        `No AWS credentials to sign SendConnectorEvent with (${error instanceof Error ? error.name : 'unknown failure'}); the connector's role or AWS_* variables must provide them.`,
      );
    }
    // Node writes the same Host header itself.
    return Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name.toLowerCase() !== 'host'));
  };
}
