import { InvalidToken } from '../../domain/errors/invalid-token.js';
import { claimAsText, readClaim } from './read-claim.js';

/** Where a source finds the user key: one claim, or a template of claims such as `{tid}.{oid}`. */
export interface UserKeyRule {
  /** Claim (dot path allowed). Default `sub`. */
  readonly claim?: string;
  /** `{claim}` placeholders (dot paths allowed) joined by literal text. Takes precedence over `claim`. */
  readonly template?: string;
}

const PLACEHOLDER = /\{([^{}]+)\}/g;

/**
 * Reads the user key from verified claims or a profile answer.
 * @throws InvalidToken naming the claim that is missing, never its value.
 */
export function readUserKey(claims: Readonly<Record<string, unknown>>, rule: UserKeyRule, where: string): string {
  if (rule.template !== undefined) {
    return rule.template.replace(PLACEHOLDER, (_match, name: string) => requireText(claims, name, where));
  }
  return requireText(claims, rule.claim ?? 'sub', where);
}

function requireText(claims: Readonly<Record<string, unknown>>, name: string, where: string): string {
  const value = claimAsText(readClaim(claims, name));
  if (value === undefined) throw new InvalidToken(`${where} has no usable "${name}" claim to take the user id from.`);
  return value;
}
