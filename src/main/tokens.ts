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
  /** `RemoteJwksKeyStore` of the JWT issuer. */
  JwksKeyStore: Symbol.for('c2c-account-linking.JwksKeyStore'),
  /** Port `TokenVerifier`: the `jwt` identity source. */
  TokenVerifier: Symbol.for('c2c-account-linking.TokenVerifier'),
  /** Port `IdentityLookup`: the `userinfo` identity source. */
  IdentityLookup: Symbol.for('c2c-account-linking.IdentityLookup'),
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
  /** `FastifyServer`. */
  HttpServer: Symbol.for('c2c-account-linking.HttpServer'),
} as const;
