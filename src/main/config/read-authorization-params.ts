import type { JoseIdTokenVerifierOptions } from '../../adapters/jwt/jose-id-token-verifier.js';
import { OWNED_AUTHORIZATION_PARAMETERS } from '../../application/authorization-request.js';
import type { EnvReader } from './env-reader.js';

/**
 * Parameters configuration must not send either: a request object (`request`, `request_uri`) whose values
 * the server takes over the URL's, so over ours; and `response_mode`, since the callback reads its query.
 */
const REFUSED = new Map<string, string>([
  ...OWNED_AUTHORIZATION_PARAMETERS.map((name): [string, string] => [
    name,
    name === 'scope' ? 'is set from C2C_SCOPE' : 'is set by the linking flow for each round trip',
  ]),
  ['request', 'would carry a request object whose values override the linking flow\'s'],
  ['request_uri', 'would carry a request object whose values override the linking flow\'s'],
  ['response_mode', 'would move the code out of the callback\'s query, where the linking flow reads it'],
]);

const NAME = /^[A-Za-z0-9_.~-]{1,128}$/;
// eslint-disable-next-line no-control-regex -- control characters are what this refuses.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * `C2C_AUTHORIZATION_PARAMS`: `name=value` pairs joined by `&`, URL-encoded as a form is (`%20` or `+` for a
 * space), a name possibly repeated (`resource=a&resource=b`). Every problem is reported under the variable;
 * a parameter the linking flow owns is refused, and so in the query of C2C_AUTHORIZATION_URL.
 */
export function readAuthorizationParams(read: EnvReader, authorizationUrl: string): [string, string][] {
  refuseOwnedInUrlQuery(read, authorizationUrl);
  const text = read.optional('C2C_AUTHORIZATION_PARAMS');
  if (text === undefined) return [];
  const parameters: [string, string][] = [];
  for (const [index, pair] of text.split('&').entries()) {
    const parsed = parsePair(pair);
    if (typeof parsed === 'string') {
      read.problem('C2C_AUTHORIZATION_PARAMS', `pair ${index + 1} ${parsed}; write name=value pairs joined by &, URL-encoded (e.g. prompt=consent&audience=api)`);
      continue;
    }
    const refusal = REFUSED.get(parsed[0].toLowerCase());
    if (refusal !== undefined) {
      read.problem('C2C_AUTHORIZATION_PARAMS', `must not set ${parsed[0]}: it ${refusal}`);
      continue;
    }
    parameters.push(parsed);
  }
  return parameters;
}

/** The pair, or what is wrong with it (never quoting a value, which may be meant to stay private). */
function parsePair(pair: string): [string, string] | string {
  const equals = pair.indexOf('=');
  if (pair === '') return 'is empty';
  if (equals === -1) return 'has no "="';
  if (/\s/.test(pair)) return 'holds white space (write a space as %20 or +)';
  const name = decode(pair.slice(0, equals));
  const value = decode(pair.slice(equals + 1));
  if (name === undefined || value === undefined) return 'is not valid percent-encoding';
  if (!NAME.test(name)) return 'has a name that is not 1-128 letters, digits or . _ ~ -';
  if (value === '') return `gives ${name} no value`;
  if (CONTROL.test(value)) return `gives ${name} a value with a control character`;
  return [name, value];
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** The URL's own query used to be the only way to add parameters: one we set would be replaced, silently. */
function refuseOwnedInUrlQuery(read: EnvReader, authorizationUrl: string): void {
  let query: URLSearchParams;
  try {
    query = new URL(authorizationUrl).searchParams;
  } catch {
    return; // Reported by the URL check.
  }
  for (const name of new Set(query.keys())) {
    const refusal = REFUSED.get(name.toLowerCase());
    if (refusal !== undefined) read.problem('C2C_AUTHORIZATION_URL', `must not have ${name} in its query: it ${refusal}`);
  }
}

/**
 * How the ID token of a code exchange is checked: against the key set of `C2C_OIDC_ISSUER` (its
 * `C2C_OIDC_JWKS_URI`, or the one its discovery document names); undefined when no issuer is configured,
 * and the ID token is then ignored.
 */
/** Variables that mean something only with the linking flow on. */
export const LINKING_ONLY_OIDC_VARIABLES = ['C2C_AUTHORIZATION_PARAMS', 'C2C_OIDC_ISSUER', 'C2C_OIDC_JWKS_URI'] as const;

export function readIdTokenCheck(read: EnvReader, clientId: string): JoseIdTokenVerifierOptions | undefined {
  const issuer = read.optional('C2C_OIDC_ISSUER');
  const jwksUri = read.optionalUrl('C2C_OIDC_JWKS_URI');
  if (issuer === undefined) {
    if (jwksUri !== undefined) read.problem('C2C_OIDC_JWKS_URI', 'needs C2C_OIDC_ISSUER, the "iss" the ID tokens verified with its keys must carry');
    return undefined;
  }
  read.checkUrl('C2C_OIDC_ISSUER', issuer);
  if (/[?#]/.test(issuer)) read.problem('C2C_OIDC_ISSUER', 'must have no query or fragment (OpenID Connect Discovery 1.0 §2)');
  return { issuer, clientId, jwksUri };
}
