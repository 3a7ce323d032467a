import { inspect } from 'node:util';
import { expect } from 'chai';
import type { DomainError } from '#domain/errors/domain-error.js';
import type { ErrorCode } from '#domain/errors/error-code.js';

type DomainErrorClass<E extends DomainError> = abstract new (...args: never[]) => E;

export interface ExpectedDomainError<E extends DomainError> {
  readonly type: DomainErrorClass<E>;
  readonly code: ErrorCode;
  /** A secret (the bearer token) that must appear nowhere in the error, its causes or its inspection. */
  readonly secret?: string;
}

/** Awaits `work`, expects it to reject with exactly this class and code, and hands the error back. */
export async function expectDomainError<E extends DomainError>(
  work: Promise<unknown>,
  expected: ExpectedDomainError<E>,
): Promise<E> {
  let settled: { readonly rejected: false; readonly value: unknown } | { readonly rejected: true; readonly error: unknown };
  try {
    settled = { rejected: false, value: await work };
  } catch (error) {
    settled = { rejected: true, error };
  }
  if (!settled.rejected) {
    expect.fail(`expected ${expected.type.name} (${expected.code}), got the result ${inspect(settled.value)}`);
  }
  const { error } = settled;
  expect(error, inspect(error)).to.be.instanceOf(expected.type);
  const domainError = error as E;
  expect(domainError.code).to.equal(expected.code);
  if (expected.secret !== undefined) expectNoSecret(domainError, expected.secret);
  return domainError;
}

/** The secret is absent from the message of the error and of every cause, and from its full inspection. */
export function expectNoSecret(error: Error, secret: string): void {
  let current: unknown = error;
  while (current instanceof Error) {
    expect(current.message, 'an error message reveals the token').not.to.contain(secret);
    current = current.cause;
  }
  expect(inspect(error, { depth: 8 }), 'the inspected error reveals the token').not.to.contain(secret);
}

/** Milliseconds `work` took to settle, whichever way it settled. */
export async function elapsedMs(work: () => Promise<unknown>): Promise<number> {
  const startedAt = performance.now();
  await work().catch(() => undefined);
  return performance.now() - startedAt;
}
