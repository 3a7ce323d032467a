import type { JoseTokenVerifierOptions } from '../../adapters/jwt/jose-token-verifier.js';
import type { RemoteJwksKeyStoreOptions } from '../../adapters/jwt/remote-jwks-key-store.js';
import type { AxiosUserInfoLookupOptions } from '../../adapters/userinfo/axios-user-info-lookup.js';

export type IdentitySourceName = 'jwt' | 'userinfo';

export interface ConnectorConfig {
  /** `C2C_CONNECTOR_ID`: requests for another connector are refused when set. */
  readonly connectorId: string | undefined;
  /** `C2C_DEADLINE_MS`: budget for one invocation. */
  readonly deadlineMs: number;
  /** `C2C_IDENTITY_SOURCES`, in the order they are tried. */
  readonly identitySources: readonly IdentitySourceName[];
}

export interface JwtConfig {
  readonly keyStore: RemoteJwksKeyStoreOptions;
  readonly verifier: JoseTokenVerifierOptions;
}

export interface HttpConfig {
  readonly host: string;
  readonly port: number;
}

/** Everything read from the environment, in slices: each adapter receives only its own. */
export interface AppConfig {
  readonly connector: ConnectorConfig;
  readonly jwt: JwtConfig | undefined;
  readonly userinfo: AxiosUserInfoLookupOptions | undefined;
  readonly http: HttpConfig;
}
