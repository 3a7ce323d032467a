import { isAxiosError, type AxiosResponse } from 'axios';
import { ConnectorMisconfigured } from '../../domain/errors/connector-misconfigured.js';
import { IdentityProviderUnavailable } from '../../domain/errors/identity-provider-unavailable.js';
import { describeHttpFailure } from './describe-http-failure.js';
import { parseJsonObject } from './parse-json-object.js';
import { isTransientStatus } from './send-with-retries.js';

/** An endpoint the connector calls, as its failures name it. */
export interface Upstream {
  /** The subject of a sentence: "The userinfo endpoint", "The issuer's JSON Web Key Set". */
  readonly name: string;
  /** What to check when it is misconfigured: the variable(s) that point at it. */
  readonly configuredBy: string;
}

/**
 * Managed integrations retries a failed invocation, so only what another attempt may cure is reported as
 * IdentityProviderUnavailable: no answer in time, a network error, 429 and 5xx. Every other answer comes back
 * the same on each retry (a redirect, a 404, a page that is not the endpoint's JSON): the connector is
 * pointed at the wrong place or presents the wrong client, and that is ConnectorMisconfigured.
 */
export function unusableStatus(upstream: Upstream, status: number, oauthError = ''): IdentityProviderUnavailable | ConnectorMisconfigured {
  const answered = `HTTP ${status}${oauthError === '' ? '' : `, ${oauthError}`}`;
  if (isTransientStatus(status)) return unavailable(upstream, answered);
  if (status >= 300 && status < 400) return misconfigured(upstream, `${answered}, a redirect, which is not followed`);
  return misconfigured(upstream, answered);
}

/** A call that got no answer: transient, unless the answer was cut off for being larger than allowed. */
export function failureWithoutAnswer(upstream: Upstream, error: unknown): IdentityProviderUnavailable | ConnectorMisconfigured {
  const reason = describeHttpFailure(error);
  return isOversizedAnswer(error) ? misconfigured(upstream, `more than the connector reads (${reason})`) : unavailable(upstream, reason);
}

/** A 200 whose body is not what the endpoint must answer. */
export function unusableBody(upstream: Upstream, what: string): ConnectorMisconfigured {
  return misconfigured(upstream, what);
}

/** The endpoint refused the connector itself (its client credentials), not the user's token. */
export function clientRefused(upstream: Upstream, status: number, oauthError: string, credentials: string): ConnectorMisconfigured {
  return new ConnectorMisconfigured(
    `${upstream.name} refused the connector's client credentials (HTTP ${status}${oauthError === '' ? '' : `, ${oauthError}`}), ` +
      `not the token; check ${credentials}.`,
  );
}

export function unavailable(upstream: Upstream, reason: string): IdentityProviderUnavailable {
  return new IdentityProviderUnavailable(`${upstream.name} gave no usable answer: ${reason}.`);
}

function misconfigured(upstream: Upstream, reason: string): ConnectorMisconfigured {
  return new ConnectorMisconfigured(`${upstream.name} answered ${reason}, and would on every retry; check ${upstream.configuredBy}.`);
}

function isOversizedAnswer(error: unknown): boolean {
  return isAxiosError(error) && error.response === undefined && error.message.startsWith('maxContentLength');
}

/**
 * The OAuth error code of a refusal: the JSON body's `error` (RFC 6749 §5.2, RFC 7009 §2.2.1), else the
 * `error` of a `WWW-Authenticate` challenge (RFC 6750 §3); reduced to the error-code alphabet, '' when none.
 */
export function oauthErrorOf(response: AxiosResponse<string>): string {
  const fromBody = parseJsonObject(typeof response.data === 'string' ? response.data : '')?.['error'];
  const challenge: unknown = response.headers['www-authenticate'];
  const fromChallenge = typeof challenge === 'string' ? /\berror\s*=\s*"?([^",\s]*)/i.exec(challenge)?.[1] : undefined;
  const error = typeof fromBody === 'string' ? fromBody : (fromChallenge ?? '');
  return error.replace(/[^a-z_]/g, '').slice(0, 64);
}
