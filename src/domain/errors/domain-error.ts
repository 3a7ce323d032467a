import type { ErrorCode } from './error-code.js';

/**
 * Base of every error this toolkit raises on purpose. `code` is stable and part of the public contract;
 * `message` is safe to show to a caller: it never carries a token, a code or a secret.
 */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;

  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
