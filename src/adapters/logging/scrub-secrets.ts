const JWS_OR_JWE = /eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){1,4}/g;
const CREDENTIALS = /\b(Bearer|Basic)\s+[^\s"\\,;]+/gi;

/**
 * Masks what looks like a JWT/JWE or an Authorization credential anywhere in a text: the last line of
 * defence for a secret that reached a log through a field nobody thought of. Keeps JSON valid.
 */
export function scrubSecrets(text: string): string {
  return text.replace(JWS_OR_JWE, '[REDACTED]').replace(CREDENTIALS, '$1 [REDACTED]');
}
