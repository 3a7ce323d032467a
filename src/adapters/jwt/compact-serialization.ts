/**
 * RFC 7515/7516 compact serialization, strictly: every segment canonical base64url (RFC 4648 §5) without
 * padding. jose's decoder, like Node's, skips whitespace and takes `=`, `+` and `/`, and ignores the unused
 * bits of a segment's last character: left to it, one token has thousands of spellings that all verify,
 * each a miss of the identity cache and a full verification.
 */

const BASE64URL_SEGMENTS = /^[A-Za-z0-9_.-]*$/;

/** What is wrong with the syntax of a token already split on its dots, or undefined when nothing is. */
export function compactSerializationProblem(token: string, segments: readonly string[]): string | undefined {
  if (!BASE64URL_SEGMENTS.test(token)) {
    return 'a segment holds a character outside the base64url alphabet (padding, whitespace, a line break, + or /)';
  }
  for (const segment of segments) {
    if (!isCanonical(segment)) return 'a segment is not canonical base64url';
  }
  return undefined;
}

/**
 * Whether a segment read as loosely as jose reads it is a JOSE header (a JSON object naming an `alg`): what
 * tells a malformed JWS or JWE, to refuse, from an opaque token that happens to hold dots, to pass on.
 */
export function namesAnAlgorithm(headerSegment: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(headerSegment, 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

/** A length base64url can have, and zero bits where the last character has more than the data needs. */
function isCanonical(segment: string): boolean {
  const spare = segment.length % 4;
  if (spare === 0) return true;
  if (spare === 1) return false;
  const last = sextetOf(segment.charCodeAt(segment.length - 1));
  return (last & (spare === 2 ? 0b1111 : 0b11)) === 0;
}

function sextetOf(code: number): number {
  if (code >= 0x61) return code - 0x61 + 26; // a-z
  if (code >= 0x41 && code <= 0x5a) return code - 0x41; // A-Z
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 52; // 0-9
  return code === 0x2d ? 62 : 63; // - or _
}
