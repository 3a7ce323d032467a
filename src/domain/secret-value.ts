const REDACTED = 'SecretValue(redacted)';

/**
 * The value of a secret (what a Secrets Manager secret version holds, e.g. `{"apiKey": "..."}`). Like
 * AccessToken, it never prints, serialises or inspects to its value; only `reveal()` hands the text to the
 * adapter that must send it, and `field(name)` reads one field of a JSON secret, itself redacted.
 */
export class SecretValue {
  readonly #value: string;
  /** The secret's JSON object, parsed on the first `field` call; null when the secret is not one. */
  #fields: Readonly<Record<string, unknown>> | null | undefined;

  private constructor(value: string) {
    this.#value = value;
  }

  static of(value: string): SecretValue {
    return new SecretValue(value);
  }

  reveal(): string {
    return this.#value;
  }

  /**
   * One field of a secret that is a JSON object: a string field as it is, any other value (number, boolean,
   * object) as its JSON text. Undefined when the secret is not a JSON object, or the field is absent or null.
   */
  field(name: string): SecretValue | undefined {
    this.#fields ??= parseObject(this.#value);
    if (this.#fields === null || !Object.hasOwn(this.#fields, name)) return undefined;
    const value = this.#fields[name];
    if (value === null || value === undefined) return undefined;
    return new SecretValue(typeof value === 'string' ? value : JSON.stringify(value));
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

function parseObject(text: string): Readonly<Record<string, unknown>> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
}
