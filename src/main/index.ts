export { AccessToken, MAX_ACCESS_TOKEN_LENGTH, MAX_SEALED_TOKEN_LENGTH } from '../domain/access-token.js';
export { SecretValue } from '../domain/secret-value.js';
export { AccountLink, type AccountLinkSnapshot } from '../domain/account-link.js';
export { ASSOCIATION_STATES, type AssociationState } from '../domain/association-state.js';
export { UserIdentity, type IdentitySourceKind, type UserIdentityProps } from '../domain/user-identity.js';
export { USER_ID_PATTERN } from '../domain/user-id.js';
export { DomainError } from '../domain/errors/domain-error.js';
export { ERROR_CODES, type ErrorCode } from '../domain/errors/error-code.js';
export { ConnectorMismatch } from '../domain/errors/connector-mismatch.js';
export { IdentityProviderUnavailable } from '../domain/errors/identity-provider-unavailable.js';
export { InvalidRequest } from '../domain/errors/invalid-request.js';
export { InvalidToken } from '../domain/errors/invalid-token.js';
export { ConnectorMisconfigured } from '../domain/errors/connector-misconfigured.js';
export { InvalidUserId } from '../domain/errors/invalid-user-id.js';
export { TokenExpired } from '../domain/errors/token-expired.js';
export { UnsupportedOperation } from '../domain/errors/unsupported-operation.js';
export { AssociationNotFound } from '../domain/errors/association-not-found.js';
export { AssociationModifiedConcurrently } from '../domain/errors/association-modified-concurrently.js';
export { IllegalAssociationTransition } from '../domain/errors/illegal-association-transition.js';
export { LinkingFailed } from '../domain/errors/linking-failed.js';
export { PersistenceUnavailable } from '../adapters/persistence/persistence-unavailable.js';
export type { LinkedTokens } from '../domain/linked-tokens.js';

export { ActivateUser, type ActivateUserInput, type ActivateWithCredentialInput } from '../application/activate-user.js';
export { ActivateUserOperation, ACTIVATE_USER } from '../application/activate-user-operation.js';
export type {
  ConnectorRequest,
  ConnectorResult,
  GeneralAuthorization,
  IdentifiedRequest,
  OAuthAuthorization,
  SecretCredential,
} from '../application/connector-request.js';
export type { SecretReference, SecretStore } from '../application/ports/secret-store.js';
export { Deadline } from '../application/deadline.js';
export type { OperationHandler } from '../application/operation-handler.js';
export { OperationRouter, type OperationRouterOptions } from '../application/operation-router.js';
export type { IdentityClaims } from '../application/ports/identity-claims.js';
export type {
  IdentityDeclined,
  IdentityOutcome,
  IdentityRecognised,
  IdentitySource,
  NamedIdentitySource,
} from '../application/ports/identity-source.js';
export type { AccountLinkRepository } from '../application/ports/account-link-repository.js';
export type { Clock } from '../application/ports/clock.js';
export type { ConnectorClient } from '../application/ports/connector-client.js';
export type { PkcePair, SecretGenerator } from '../application/ports/secret-generator.js';
export type { CodeExchange, ExchangedTokens, TokenExchanger } from '../application/ports/token-exchanger.js';
export type { RevocationOutcome, TokenRevoker, TokenTypeHint } from '../application/ports/token-revoker.js';
export {
  DeactivateUser,
  type DeactivateUserInput,
  type DeactivateUserOptions,
  type DeactivationOutcome,
} from '../application/deactivate-user.js';
export { DeactivateUserOperation, DEACTIVATE_USER } from '../application/deactivate-user-operation.js';
export type { UserOperationHandler } from '../application/user-operation-handler.js';
export { IdentifiedOperation } from '../application/identified-operation.js';

export { SystemClock } from '../adapters/clock/system-clock.js';
export type { ConnectorResponseEnvelope } from '../adapters/connector-envelope/connector-response.js';
export { ConnectorEndpoint } from '../adapters/connector-envelope/connector-endpoint.js';
export type { ConnectorLambdaHandler, LambdaContextLike } from '../adapters/lambda/lambda-handler.js';
export type { HttpRoutes } from '../adapters/http/http-routes.js';
export type { FastifyServer } from '../adapters/http/fastify-server.js';
export { JoseTokenVerifier, type JoseTokenVerifierOptions } from '../adapters/jwt/jose-token-verifier.js';
export { RemoteJwksKeyStore, type RemoteJwksKeyStoreOptions } from '../adapters/jwt/remote-jwks-key-store.js';
export { AxiosUserInfoLookup, type AxiosUserInfoLookupOptions } from '../adapters/userinfo/axios-user-info-lookup.js';
export { AxiosTokenRevoker, type AxiosTokenRevokerOptions } from '../adapters/oauth/axios-token-revoker.js';
export type { TokenAuthScheme } from '../adapters/oauth-form/token-auth-scheme.js';
// Not AwsSecretsManagerStore: exporting it would load the AWS SDK with the package; the composition loads it on first use.
export { JsonFileSecretStore } from '../adapters/local-secrets/json-file-secret-store.js';

export { loadConfig, KNOWN_VARIABLES, type KnownVariable } from './config/load-config.js';
export { createConnector, type Connector, type ConnectorExtensions, type PortOverrides } from './create-connector.js';
export { openAccountLinkStore, type AccountLinkStore, type OpenAccountLinkStoreOptions } from './open-account-link-store.js';
export { encryptedRepository } from './encrypted-repository.js';
export { ConfigurationError } from './config/configuration-error.js';
export { OptionalDependencyMissing } from '../adapters/optional-dependency/optional-dependency-missing.js';
export type { AppConfig } from './config/app-config.js';
export { BUILT_IN_IDENTITY_SOURCE_NAMES } from './config/built-in-identity-sources.js';
export { TOKENS } from './tokens.js';

export { CachedActivateUser, type IdentityCachePolicy } from '../application/cached-activate-user.js';
export type { UserActivation } from '../application/user-activation.js';
export type { CachedActivation, IdentityCache } from '../application/ports/identity-cache.js';
export type { TokenFingerprint } from '../application/ports/token-fingerprint.js';
export type { Logger, LogFields, LogLevel } from '../application/ports/logger.js';
export { InMemoryIdentityCache, type InMemoryIdentityCacheOptions } from '../adapters/cache/in-memory-identity-cache.js';
export { PinoLogger, type PinoLoggerOptions } from '../adapters/logging/pino-logger.js';
