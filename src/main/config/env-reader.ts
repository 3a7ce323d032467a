import { isLoopbackHost } from '../../adapters/http/loopback-host.js';
import { ConfigurationError } from './configuration-error.js';
import type { KnownVariable } from './variables.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Reads typed values from the environment and collects every problem before failing once. */
export class EnvReader {
  readonly #problems: { variable: string; problem: string }[] = [];

  constructor(private readonly env: Env) {}

  has(name: KnownVariable): boolean {
    return this.optional(name) !== undefined;
  }

  optional(name: KnownVariable): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  required(name: KnownVariable, why: string): string {
    const value = this.optional(name);
    if (value === undefined) this.problem(name, `is required ${why}`);
    return value ?? '';
  }

  list(name: KnownVariable, fallback: readonly string[]): string[] {
    const value = this.optional(name);
    if (value === undefined) return [...fallback];
    const items = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
    if (items.length === 0) this.problem(name, 'must list at least one value');
    return items;
  }

  oneOf<T extends string>(name: KnownVariable, allowed: readonly T[], fallback: T): T {
    const value = this.optional(name) ?? fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problem(name, `must be one of ${allowed.join(', ')}`);
      return fallback;
    }
    return value as T;
  }

  integer(name: KnownVariable, fallback: number, min: number, max: number): number {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value) || parsed < min || parsed > max) {
      this.problem(name, `must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return parsed;
  }

  /** An https URL; plain http only for loopback hosts, so that keys and tokens never cross a network in clear. */
  url(name: KnownVariable, why: string): string {
    const value = this.required(name, why);
    if (value === '') return value;
    this.#checkUrl(name, value);
    return value;
  }

  optionalUrl(name: KnownVariable): string | undefined {
    const value = this.optional(name);
    if (value !== undefined) this.#checkUrl(name, value);
    return value;
  }

  boolean(name: KnownVariable, fallback: boolean): boolean {
    const value = this.optional(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    this.problem(name, 'must be true or false');
    return fallback;
  }

  /** Checks a URL found inside another variable (a JSON entry), reporting it under `name`. */
  checkUrl(name: string, value: string): void {
    this.#checkUrl(name, value);
  }

  problem(variable: string, problem: string): void {
    this.#problems.push({ variable, problem });
  }

  /** @throws ConfigurationError listing every problem found so far. */
  done(): void {
    if (this.#problems.length > 0) throw new ConfigurationError(this.#problems);
  }

  #checkUrl(name: string, value: string): void {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.problem(name, 'must be an absolute URL');
      return;
    }
    if (url.protocol === 'https:') return;
    if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
    this.problem(name, 'must be an https URL (plain http is accepted only on localhost)');
  }
}
