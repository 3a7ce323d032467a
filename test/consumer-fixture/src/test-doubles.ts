import sinon from 'sinon';
import { DomainError } from 'c2c-account-linking';
import type { StubbedPort } from 'c2c-account-linking/testing';
import type { AcmeCloud } from './acme-cloud.js';

export function stubAcmeCloud(): StubbedPort<AcmeCloud> {
  return { accountOf: sinon.stub(), accountOfApiKey: sinon.stub(), sendCommand: sinon.stub() };
}

/** A managed-integrations invocation, as the Lambda receives it. */
export function envelope(operationName: string, token: string, payload: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    header: { auth: { token, type: 'OAuth2.0' } },
    payload: { operationName, operationVersion: '1.0.0', connectorId: 'acme-connector', ...payload },
  };
}

/** A General Authorization invocation: the secret that managed integrations names, by ARN and version. */
export function generalEnvelope(operationName: string, payload: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    header: { auth: { type: 'GeneralAuthorization', secretsManager: { arn: ACME_SECRET_ARN, versionId: ACME_SECRET_VERSION } } },
    payload: { operationName, operationVersion: '1.0.0', connectorId: 'acme-connector', ...payload },
  };
}

export const ACME_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:acme-api-key-AbCdEf';
export const ACME_SECRET_VERSION = 'EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE';

/** The code of the DomainError `work` rejects with. */
export async function errorCodeOf(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error.code;
}
