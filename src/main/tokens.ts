/**
 * Identifiers of everything the container binds. Rebind one to plug in your own adapter, e.g.
 * `container.rebind(TOKENS.IdentityLookup).toConstantValue(new VendorProfileLookup(...))`.
 * The comment on each names the type the binding must satisfy.
 */
export const TOKENS = {
  /** `AppConfig`, as loaded by `loadConfig`. */
  Config: Symbol.for('c2c-account-linking.Config'),
  /** `AxiosInstance` shared by every outbound adapter. */
  HttpClient: Symbol.for('c2c-account-linking.HttpClient'),
  /** Port `TokenVerifier`: the `jwt` identity source (every trusted issuer). */
  TokenVerifier: Symbol.for('c2c-account-linking.TokenVerifier'),
  /** Port `IdentityLookup`: the `userinfo` identity source. */
  IdentityLookup: Symbol.for('c2c-account-linking.IdentityLookup'),
  /** Port `IdentityLookup`: the `introspection` identity source (RFC 7662). */
  IntrospectionLookup: Symbol.for('c2c-account-linking.IntrospectionLookup'),
  /** Port `Digest`. */
  Digest: Symbol.for('c2c-account-linking.Digest'),
  /** `UserIdPolicy`: how user keys become userIds. */
  UserIdPolicy: Symbol.for('c2c-account-linking.UserIdPolicy'),
  /** `readonly IdentitySource[]`: the ordered chain ActivateUser walks. */
  IdentitySources: Symbol.for('c2c-account-linking.IdentitySources'),
  /** Use case `ActivateUser`. */
  ActivateUser: Symbol.for('c2c-account-linking.ActivateUser'),
  /** `OperationHandler`, bound once per operation (multi-binding). */
  OperationHandler: Symbol.for('c2c-account-linking.OperationHandler'),
  /** `OperationRouter`. */
  OperationRouter: Symbol.for('c2c-account-linking.OperationRouter'),
  /** `ConnectorEndpoint` shared by the Lambda and HTTP entries. */
  ConnectorEndpoint: Symbol.for('c2c-account-linking.ConnectorEndpoint'),
  /** `ConnectorLambdaHandler`: the function Lambda calls. */
  LambdaHandler: Symbol.for('c2c-account-linking.LambdaHandler'),
  /** `HttpRoutes`, bound once per route group (multi-binding). */
  HttpRoutes: Symbol.for('c2c-account-linking.HttpRoutes'),
  /** Port `Clock`. */
  Clock: Symbol.for('c2c-account-linking.Clock'),
  /** Port `SecretGenerator`: association ids, `state`, PKCE. */
  SecretGenerator: Symbol.for('c2c-account-linking.SecretGenerator'),
  /** `AccountLinkStore` from `openAccountLinkStore()`: the encrypted repository and what it runs on. */
  Storage: Symbol.for('c2c-account-linking.Storage'),
  /** Port `AccountLinkRepository`. */
  AccountLinkRepository: Symbol.for('c2c-account-linking.AccountLinkRepository'),
  /** Port `TokenExchanger`: the code-for-tokens exchange. */
  TokenExchanger: Symbol.for('c2c-account-linking.TokenExchanger'),
  /** Port `ConnectorClient`: how the linking flow calls ActivateUser (in process, or remote). */
  ConnectorClient: Symbol.for('c2c-account-linking.ConnectorClient'),
  /** `AuthorizationRequest`: builds OAuthAuthorizationUrls. */
  AuthorizationRequest: Symbol.for('c2c-account-linking.AuthorizationRequest'),
  /** Use case `StartLinking`. */
  StartLinking: Symbol.for('c2c-account-linking.StartLinking'),
  /** Use case `CompleteLinking`. */
  CompleteLinking: Symbol.for('c2c-account-linking.CompleteLinking'),
  /** Use case `GetAssociation`. */
  GetAssociation: Symbol.for('c2c-account-linking.GetAssociation'),
  /** Use case `RefreshAssociation`. */
  RefreshAssociation: Symbol.for('c2c-account-linking.RefreshAssociation'),
  /** Port `TokenRevoker`: RFC 7009 revocation for DeactivateUser. */
  TokenRevoker: Symbol.for('c2c-account-linking.TokenRevoker'),
  /** Use case `DeactivateUser`. */
  DeactivateUser: Symbol.for('c2c-account-linking.DeactivateUser'),
  /** Use case `DeleteAssociation` (DELETE /account-associations/{id}). */
  DeleteAssociation: Symbol.for('c2c-account-linking.DeleteAssociation'),
  /** `UserOperationHandler`, bound once per custom operation (multi-binding); receives the resolved identity. */
  UserOperationHandler: Symbol.for('c2c-account-linking.UserOperationHandler'),
  /** `FastifyServer`. */
  HttpServer: Symbol.for('c2c-account-linking.HttpServer'),

  /** Port `Logger` (pino, redacting); rebind to capture logs. */
  Logger: Symbol.for('c2c-account-linking.Logger'),
  /** `InvocationFactsByDeadline`: facts gathered into each invocation's log line. */
  InvocationFacts: Symbol.for('c2c-account-linking.InvocationFacts'),
  /** Port `TokenFingerprint`: keys the identity cache. */
  TokenFingerprint: Symbol.for('c2c-account-linking.TokenFingerprint'),
  /** Port `IdentityCache`. */
  IdentityCache: Symbol.for('c2c-account-linking.IdentityCache'),
  /** `UserActivation` the connector uses: ActivateUser behind the identity cache. */
  UserActivation: Symbol.for('c2c-account-linking.UserActivation'),
} as const;
