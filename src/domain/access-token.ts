import { InvalidRequest } from './errors/invalid-request.js';

export const MAX_ACCESS_TOKEN_LENGTH = 16 * 1024;

/**
 * Longest sealed form of a token (see `AccessToken.sealed`): room for a token of MAX_ACCESS_TOKEN_LENGTH
 * characters at up to 3 UTF-8 bytes each, written at 4 characters per 3 bytes, plus 4 KiB of envelope.
 */
export const MAX_SEALED_TOKEN_LENGTH = 4 * MAX_ACCESS_TOKEN_LENGTH + 4 * 1024;

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

  /**
   * A token in the form storage keeps it when secrets are sealed at rest (an encrypting repository turns
   * each token into a compact JWE, longer than the token). Such a value is never sent anywhere: repositories
   * build the tokens they read back with this, and the decorator that sealed them opens them into `of`
   * tokens again. Everything that receives a token from outside uses `of`, whose limits stay those of real tokens.
   */
  static sealed(value: string): AccessToken {
    if (value.length === 0) throw new InvalidRequest('The sealed token is empty.');
    if (value.length > MAX_SEALED_TOKEN_LENGTH) {
      throw new InvalidRequest(`The sealed token is longer than ${MAX_SEALED_TOKEN_LENGTH} characters.`);
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
