import type { JoseIdTokenVerifierOptions } from '../../adapters/jwt/jose-id-token-verifier.js';
import type { JoseTokenVerifierOptions } from '../../adapters/jwt/jose-token-verifier.js';
import type { RemoteJwksKeyStoreOptions } from '../../adapters/jwt/remote-jwks-key-store.js';
import type { AxiosUserInfoLookupOptions } from '../../adapters/userinfo/axios-user-info-lookup.js';
import type { AxiosTokenExchangerOptions } from '../../adapters/oauth/axios-token-exchanger.js';
import type { AxiosTokenRevokerOptions } from '../../adapters/oauth/axios-token-revoker.js';
import type { AccountAssociationArnsOptions } from '../../application/account-association-arns.js';
import type { AuthorizationRequestOptions } from '../../application/authorization-request.js';
import type { UserIdPolicyOptions } from '../../application/user-id-policy.js';
import type { AxiosIntrospectionLookupOptions } from '../../adapters/introspection/axios-introspection-lookup.js';
import type { LogLevel } from '../../application/ports/logger.js';
import type { RetryPolicy } from '../../adapters/outbound-http/send-with-retries.js';
import type { TokenRefreshPolicyOptions } from '../../domain/token-refresh-policy.js';

/** `C2C_IDENTITY_SOURCES`. */
export interface IdentityChainConfig {
  /** Source names in the order they are tried: built-in (`jwt`, `introspection`, `userinfo`) or registered. */
  readonly names: readonly string[];
  /** True when `C2C_IDENTITY_SOURCES` lists them; false when they are the defaults its absence gives. */
  readonly listed: boolean;
}

export interface ConnectorConfig {
  /** `C2C_CONNECTOR_ID`: requests for another connector are refused when set. */
  readonly connectorId: string | undefined;
  /** `C2C_DEADLINE_MS`: budget for one invocation. */
  readonly deadlineMs: number;
  readonly identitySources: IdentityChainConfig;
}

/** One trusted issuer: where its keys are and what its tokens must look like. */
export interface JwtIssuerConfig {
  readonly keyStore: RemoteJwksKeyStoreOptions;
  readonly verifier: JoseTokenVerifierOptions;
}

export interface JwtConfig {
  readonly issuers: readonly JwtIssuerConfig[];
}

export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  /** Time allowed to receive a whole request; not read from the environment (tests shorten it). Default 10 s. */
  readonly requestTimeoutMs?: number;
}

/** Where AccountLinks are kept. */
export type StorageConfig =
  /** LevelDB in this process (classic-level), on disk under `dataDir`; the encryption key is generated there once. */
  | { readonly kind: 'embedded'; readonly dataDir: string; readonly tableName: string; readonly encryptionKey: string | undefined }
  /** A DynamoDB endpoint, or AWS itself when `endpoint` is undefined. */
  | {
      readonly kind: 'dynamodb';
      readonly endpoint: string | undefined;
      readonly region: string;
      readonly tableName: string;
      readonly encryptionKey: string;
      /** `C2C_DYNAMODB_CREATE_TABLE`: create the table when missing and check its layout at start. */
      readonly createTable: boolean;
    };

export interface LinkingConfig {
  readonly authorization: AuthorizationRequestOptions;
  readonly tokenExchange: AxiosTokenExchangerOptions;
  /**
   * `C2C_LINKING_REVOCATION_URL`, else `C2C_REVOCATION_URL`, with the linking client: where the tokens of an
   * exchange whose result is not kept are revoked. Undefined: nothing is revoked.
   */
  readonly revocation: AxiosTokenRevokerOptions | undefined;
  /** `C2C_OIDC_ISSUER`, `C2C_OIDC_JWKS_URI`: how ID tokens are checked; undefined: they are ignored. */
  readonly idToken: JoseIdTokenVerifierOptions | undefined;
  /** `C2C_CALLBACK_URL`. */
  readonly callbackUrl: string;
  /** `C2C_OAUTH_REDIRECT_URL`. */
  readonly oauthRedirectUrl: string;
  /** `C2C_LINKING_API_KEY`: the bearer key the association endpoints require, when set. */
  readonly apiKey: string | undefined;
  /** `C2C_CONNECTOR_URL`: a remote connector's `POST /connector`; the in-process connector when undefined. */
  readonly connectorUrl: string | undefined;
  /** connectorId named in ActivateUser requests: `C2C_CONNECTOR_ID`, else `c2c-account-linking`. */
  readonly connectorId: string;
  /** `C2C_LINKING_DEADLINE_MS`: budget for the code exchange and the activation together. */
  readonly deadlineMs: number;
  readonly storage: StorageConfig;
  /** `C2C_CONNECTOR_DESTINATION_ID`: the id of the connector destination these variables define. */
  readonly connectorDestinationId: string;
  /** `AWS_REGION` and `C2C_AWS_ACCOUNT_ID`, in every association's Arn. */
  readonly arns: AccountAssociationArnsOptions;
  /** When the tokens of a link are renewed before an operation is sent with them. */
  readonly tokenRefresh: TokenRefreshPolicyOptions;
  /** `C2C_DISCOVERY_TIMEOUT_S`: a device discovery without the connector's DEVICE_DISCOVERY event by then is TIMED_OUT. */
  readonly discoveryTimeoutMs: number;
}

/** The identity cache in front of ActivateUser. */
export interface CacheConfig {
  /** `C2C_CACHE_TTL_S`: identities whose token expiry is unknown (userinfo); never past a known expiry. */
  readonly ttlMs: number;
  /** `C2C_NEGATIVE_CACHE_TTL_S`: tokens refused with INVALID_TOKEN or EXPIRED_TOKEN. */
  readonly negativeTtlMs: number;
  /** `C2C_CACHE_MAX_ENTRIES`: 0 turns the cache off. */
  readonly maxEntries: number;
}

/** Where General Authorization secrets are read (`C2C_SECRET_STORE`). */
export type SecretStoreConfig =
  /** AWS Secrets Manager, in each secret's region; `endpoint` (`C2C_SECRETS_MANAGER_ENDPOINT`) for a local emulator. */
  | { readonly kind: 'aws'; readonly endpoint: string | undefined }
  /** `C2C_LOCAL_SECRETS_FILE`: a JSON file of secret ARNs, versionIds and values, for the sandbox and tests. */
  | { readonly kind: 'local'; readonly file: string };

export interface LoggingConfig {
  /** `LOG_LEVEL`. */
  readonly level: LogLevel;
}

/** Where the connector reports DEVICE_DISCOVERY and DEVICE_COMMAND_RESPONSE events (`C2C_EVENTS_SINK`). */
export type EventsSinkConfig =
  /** Managed integrations' SendConnectorEvent, signed with SigV4; `url` overrides the regional endpoint. */
  | { readonly kind: 'aws'; readonly region: string; readonly url: string }
  /** The emulator's `POST {url}/connector-event/{ConnectorId}`, unsigned. */
  | { readonly kind: 'http'; readonly url: string };

/** AWS.DiscoverDevices and AWS.SendCommand: present when `C2C_DEVICE_API_URL` or an events variable is set. */
export interface DevicesConfig {
  /** `C2C_DEVICE_API_URL`: the platform's device API; undefined when a `ports.deviceCloud` stands for it. */
  readonly deviceApiUrl: string | undefined;
  readonly events: EventsSinkConfig;
}

/** Everything read from the environment, in slices: each adapter receives only its own. */
export interface AppConfig {
  readonly connector: ConnectorConfig;
  readonly jwt: JwtConfig | undefined;
  readonly userinfo: AxiosUserInfoLookupOptions | undefined;
  readonly introspection: AxiosIntrospectionLookupOptions | undefined;
  /** How user keys become userIds (`C2C_USER_ID_FORMAT`, `C2C_ALLOW_EMAIL_USER_ID`). */
  readonly userIds: UserIdPolicyOptions;
  readonly http: HttpConfig;
  /** Present when the linking flow is configured (`C2C_AUTHORIZATION_URL` and friends). */
  readonly linking: LinkingConfig | undefined;
  readonly cache: CacheConfig;
  readonly logging: LoggingConfig;
  /** `C2C_UPSTREAM_RETRIES`, for userinfo and key set requests. */
  readonly retry: RetryPolicy;
  /** Present when `C2C_REVOCATION_URL` is set: DeactivateUser revokes tokens there (RFC 7009). */
  readonly revocation: AxiosTokenRevokerOptions | undefined;
  /** `C2C_CUSTOMER_APP`: serve the example customer application (`/app`) next to the linking routes. */
  readonly customerApp: boolean;
  readonly secrets: SecretStoreConfig;
  readonly devices: DevicesConfig | undefined;
  /** `C2C_TOKEN_ENCRYPTION_KEY`, for a custom AccountLinkRepository (the built-in stores read theirs in `linking.storage`). */
  readonly tokenEncryptionKey: string | undefined;
}
