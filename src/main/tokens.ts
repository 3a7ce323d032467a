/**
 * Identifiers of everything the container binds, for `extensions.rebind` and for resolving from
 * `connector.container`. Prefer `identitySources` and `ports` to rebinding: they are checked against the
 * configuration. The comment on each names the type the binding must satisfy.
 */
export const TOKENS = {
  /** `AppConfig`, as loaded by `loadConfig`. */
  Config: Symbol.for('c2c-account-linking.Config'),
  /** `AxiosInstance` shared by every outbound adapter. */
  HttpClient: Symbol.for('c2c-account-linking.HttpClient'),
  /** Port `IdentitySource`: the built-in `jwt` source (every trusted issuer). */
  JwtIdentitySource: Symbol.for('c2c-account-linking.JwtIdentitySource'),
  /** Port `IdentitySource`: the built-in `userinfo` source. */
  UserInfoIdentitySource: Symbol.for('c2c-account-linking.UserInfoIdentitySource'),
  /** Port `IdentitySource`: the built-in `introspection` source (RFC 7662). */
  IntrospectionIdentitySource: Symbol.for('c2c-account-linking.IntrospectionIdentitySource'),
  /** Port `Digest`. */
  Digest: Symbol.for('c2c-account-linking.Digest'),
  /** `UserIdPolicy`: how user keys become userIds. */
  UserIdPolicy: Symbol.for('c2c-account-linking.UserIdPolicy'),
  /** `readonly NamedIdentitySource[]`: the ordered chain ActivateUser walks. */
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
  /** Port `AccountLinkRepository`. */
  AccountLinkRepository: Symbol.for('c2c-account-linking.AccountLinkRepository'),
  /** Port `TokenExchanger`: the code-for-tokens exchange. */
  TokenExchanger: Symbol.for('c2c-account-linking.TokenExchanger'),
  /** Port `IdTokenVerifier`: checks the OIDC ID token of a code exchange (or ignores it, with no key set). */
  IdTokenVerifier: Symbol.for('c2c-account-linking.IdTokenVerifier'),
  /** Port `ConnectorClient`: how the linking flow calls ActivateUser (in process, or remote). */
  ConnectorClient: Symbol.for('c2c-account-linking.ConnectorClient'),
  /** Port `TokenRefresher`: the refresh_token grant at the linking flow's token URL. */
  TokenRefresher: Symbol.for('c2c-account-linking.TokenRefresher'),
  /** Use case `EnsureFreshAccessToken`: the current access token of an association, renewed when due. */
  EnsureFreshAccessToken: Symbol.for('c2c-account-linking.EnsureFreshAccessToken'),
  /** `AuthorizationRequest`: builds OAuthAuthorizationUrls. */
  AuthorizationRequest: Symbol.for('c2c-account-linking.AuthorizationRequest'),
  /** Port `ConnectorDestinations`: the linking configurations associations are created for. */
  ConnectorDestinations: Symbol.for('c2c-account-linking.ConnectorDestinations'),
  /** `AssociationViews`: what Get, List and Create show of an association. */
  AssociationViews: Symbol.for('c2c-account-linking.AssociationViews'),
  /** Use case `ListAssociations` (GET /account-associations). */
  ListAssociations: Symbol.for('c2c-account-linking.ListAssociations'),
  /** Use case `UpdateAssociation` (PUT /account-associations/{id}). */
  UpdateAssociation: Symbol.for('c2c-account-linking.UpdateAssociation'),
  /** Use case `StartLinking`. */
  StartLinking: Symbol.for('c2c-account-linking.StartLinking'),
  /** Use case `CompleteLinking`. */
  CompleteLinking: Symbol.for('c2c-account-linking.CompleteLinking'),
  /** Use case `GetAssociation`. */
  GetAssociation: Symbol.for('c2c-account-linking.GetAssociation'),
  /** Use case `RefreshAssociation`. */
  RefreshAssociation: Symbol.for('c2c-account-linking.RefreshAssociation'),
  /**
   * Port `TokenRevoker`: where the linking flow revokes, as the linking client, tokens it obtained but did not
   * keep, and the refresh token of a deleted association.
   */
  LinkingTokenRevoker: Symbol.for('c2c-account-linking.LinkingTokenRevoker'),
  /** Port `TokenRevoker`: RFC 7009 revocation for DeactivateUser. */
  TokenRevoker: Symbol.for('c2c-account-linking.TokenRevoker'),
  /** Port `SecretStore`: reads the secrets General Authorization requests name. */
  SecretStore: Symbol.for('c2c-account-linking.SecretStore'),
  /** Use case `DeactivateUser`. */
  DeactivateUser: Symbol.for('c2c-account-linking.DeactivateUser'),
  /** Use case `DeleteAssociation` (DELETE /account-associations/{id}). */
  DeleteAssociation: Symbol.for('c2c-account-linking.DeleteAssociation'),
  /** Port `DeviceRepository`: the emulated side's discoveries, managed things and command traces. */
  DeviceRepository: Symbol.for('c2c-account-linking.DeviceRepository'),
  /** Use case `StartDeviceDiscovery` (POST /device-discoveries). */
  StartDeviceDiscovery: Symbol.for('c2c-account-linking.StartDeviceDiscovery'),
  /** Use case `GetDeviceDiscovery` (GET /device-discoveries/{id}). */
  GetDeviceDiscovery: Symbol.for('c2c-account-linking.GetDeviceDiscovery'),
  /** Use case `ListDiscoveredDevices` (GET /device-discoveries/{id}/devices). */
  ListDiscoveredDevices: Symbol.for('c2c-account-linking.ListDiscoveredDevices'),
  /** Use case `AcceptConnectorEvent` (SendConnectorEvent, POST /connector-event/{ConnectorId}). */
  AcceptConnectorEvent: Symbol.for('c2c-account-linking.AcceptConnectorEvent'),
  /** Use case `SendManagedThingCommand` (POST /managed-things-command/{id}). */
  SendManagedThingCommand: Symbol.for('c2c-account-linking.SendManagedThingCommand'),
  /** Use case `GetManagedThingState` (GET /managed-thing-states/{id}). */
  GetManagedThingState: Symbol.for('c2c-account-linking.GetManagedThingState'),
  /** Port `DeviceCloud`: the platform's device API, for AWS.DiscoverDevices and AWS.SendCommand. */
  DeviceCloud: Symbol.for('c2c-account-linking.DeviceCloud'),
  /** Port `ConnectorEvents`: SendConnectorEvent (or the emulator's endpoint). */
  ConnectorEvents: Symbol.for('c2c-account-linking.ConnectorEvents'),
  /** `InvocationMemory`: what retried device operations have already done. */
  InvocationMemory: Symbol.for('c2c-account-linking.InvocationMemory'),
  /** `UserOperationHandler`, bound once per custom operation (multi-binding); receives the resolved identity. */
  UserOperationHandler: Symbol.for('c2c-account-linking.UserOperationHandler'),

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
