import type { AxiosInstance } from 'axios';
import type { Deadline } from '../../application/deadline.js';
import { parseJsonObject } from '../outbound-http/parse-json-object.js';
import { sendWithRetries, type RetryPolicy } from '../outbound-http/send-with-retries.js';
import { failureWithoutAnswer, unavailable, unusableBody, unusableStatus, type Upstream } from '../outbound-http/upstream-failure.js';

export const DISCOVERY: Upstream = {
  name: "The issuer's OpenID Connect discovery document",
  configuredBy: 'C2C_OIDC_ISSUER (or set C2C_OIDC_JWKS_URI)',
};

const MAX_DOCUMENT_BYTES = 256 * 1024;

/**
 * OpenID Connect Discovery 1.0 §4: the `jwks_uri` of `issuer`'s `/.well-known/openid-configuration`. The
 * document must name exactly that issuer (§4.3: else it may be another's) and a key set URL in https (plain
 * http only on loopback, as for every configured URL).
 * @throws IdentityProviderUnavailable when no answer comes in time (or 429, 5xx), ConnectorMisconfigured for any other unusable answer.
 */
export async function discoverJwksUri(http: AxiosInstance, issuer: string, deadline: Deadline, retry: RetryPolicy): Promise<string> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  if (deadline.remainingMs() === 0) throw unavailable(DISCOVERY, 'no time left in the deadline');
  let response;
  try {
    response = await sendWithRetries(deadline, retry, (timeout) =>
      http.get<string>(url, { timeout, signal: deadline.signal, maxContentLength: MAX_DOCUMENT_BYTES, headers: { Accept: 'application/json' } }),
    );
  } catch (error) {
    throw failureWithoutAnswer(DISCOVERY, error);
  }
  if (response.status !== 200) throw unusableStatus(DISCOVERY, response.status);
  const document = parseJsonObject(response.data);
  if (document === undefined) throw unusableBody(DISCOVERY, 'something that is not a JSON object');
  if (document['issuer'] !== issuer) throw unusableBody(DISCOVERY, 'a document of another issuer');
  const jwksUri = document['jwks_uri'];
  if (typeof jwksUri !== 'string' || !isAcceptableUrl(jwksUri)) throw unusableBody(DISCOVERY, 'no https "jwks_uri"');
  return jwksUri;
}

function isAcceptableUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname.toLowerCase()));
}

/** As the configuration's URL check has them (adapters/http is another adapter's). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
