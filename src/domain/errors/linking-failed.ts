import { DomainError } from './domain-error.js';

/**
 * A step of the linking flow failed in a way the end user's redirect must report.
 * `oauthError` is the `error` value sent back to the OAuthRedirectUrl (RFC 6749 §4.1.2.1 vocabulary).
 */
export class LinkingFailed extends DomainError {
  readonly code = 'LINKING_FAILED';

  constructor(
    readonly oauthError: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
