import sinon from 'sinon';
import { DomainError } from 'c2c-account-linking';
import type { StubbedPort } from 'c2c-account-linking/testing';
import type { AcmeCloud } from './acme-cloud.js';

export function stubAcmeCloud(): StubbedPort<AcmeCloud> {
  return { accountOf: sinon.stub(), sendCommand: sinon.stub() };
}

/** A managed-integrations invocation, as the Lambda receives it. */
export function envelope(operationName: string, token: string, payload: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    header: { auth: { token, type: 'OAuth2.0' } },
    payload: { operationName, operationVersion: '1.0.0', connectorId: 'acme-connector', ...payload },
  };
}

/** The code of the DomainError `work` rejects with. */
export async function errorCodeOf(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error.code;
}
