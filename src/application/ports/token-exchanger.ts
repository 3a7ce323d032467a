import type { LinkedTokens } from '../../domain/linked-tokens.js';
import type { Deadline } from '../deadline.js';

export interface CodeExchange {
  readonly code: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
}

/**
 * Port: trades an authorization code for tokens at the platform's token URL.
 * Implementations throw `LinkingFailed` when the platform refuses (its OAuth `error` in the message) and
 * `IdentityProviderUnavailable` when it cannot be reached within the deadline.
 */
export interface TokenExchanger {
  exchange(request: CodeExchange, deadline: Deadline): Promise<LinkedTokens>;
}
