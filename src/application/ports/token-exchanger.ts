import type { LinkedTokens } from '../../domain/linked-tokens.js';
import type { SecretValue } from '../../domain/secret-value.js';
import type { Deadline } from '../deadline.js';

export interface CodeExchange {
  readonly code: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
}

/** What the token endpoint answered: the tokens the link keeps, and the OIDC ID token, checked and never kept. */
export interface ExchangedTokens extends LinkedTokens {
  readonly idToken?: SecretValue | undefined;
}

/**
 * Port: trades an authorization code for tokens at the platform's token URL.
 * Implementations throw `LinkingFailed` when the platform refuses (its OAuth `error` in the message) and
 * `IdentityProviderUnavailable` when it cannot be reached within the deadline.
 */
export interface TokenExchanger {
  exchange(request: CodeExchange, deadline: Deadline): Promise<ExchangedTokens>;
}
