import { InvalidRequest } from './errors/invalid-request.js';

export const MAX_ACCESS_TOKEN_LENGTH = 16 * 1024;

const REDACTED = 'AccessToken(redacted)';

/**
 * A bearer token. It never prints, serialises or inspects to its value, so it can travel through
 * logs and error paths safely; only `reveal()` hands the raw string to the adapter that must send it.
 */
export class AccessToken {
  readonly #value: string;

  private constructor(value: string) {
    this.#value = value;
  }

  static of(value: string): AccessToken {
    if (value.length === 0) throw new InvalidRequest('The access token is empty.');
    if (value.length > MAX_ACCESS_TOKEN_LENGTH) {
      throw new InvalidRequest(`The access token is longer than ${MAX_ACCESS_TOKEN_LENGTH} characters.`);
    }
    return new AccessToken(value);
  }

  reveal(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  equals(other: AccessToken): boolean {
    return this.#value === other.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}
