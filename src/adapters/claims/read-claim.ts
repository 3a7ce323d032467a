/**
 * Reads a claim by name, or by dot path into nested objects (`ext.user.id`). A name that exists as is
 * wins over the path, so URL-shaped claim names such as `https://example.com/uid` still work.
 */
export function readClaim(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let node: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** A user id claim as text: strings as they are, integers (some providers use numeric ids) in decimal. */
export function claimAsText(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}
