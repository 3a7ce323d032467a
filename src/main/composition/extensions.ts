import type { Container } from 'inversify';
import type { AccountLinkRepository } from '../../application/ports/account-link-repository.js';
import type { Clock } from '../../application/ports/clock.js';
import type { ConnectorClient } from '../../application/ports/connector-client.js';
import type { ConnectorEvents } from '../../application/ports/connector-events.js';
import type { DeviceCloud } from '../../application/ports/device-cloud.js';
import type { IdentityCache } from '../../application/ports/identity-cache.js';
import type { IdentitySource } from '../../application/ports/identity-source.js';
import type { Logger } from '../../application/ports/logger.js';
import type { SecretGenerator } from '../../application/ports/secret-generator.js';
import type { SecretStore } from '../../application/ports/secret-store.js';
import type { TokenExchanger } from '../../application/ports/token-exchanger.js';
import type { TokenRevoker } from '../../application/ports/token-revoker.js';
import type { UserOperationHandler } from '../../application/user-operation-handler.js';

/** Your own adapters, each used in place of the built-in one whatever the configuration says. */
export interface PortOverrides {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Where links live (storage kind "custom"); wrapped in the token encryption like the built-in stores. */
  readonly accountLinkRepository?: AccountLinkRepository;
  readonly identityCache?: IdentityCache;
  readonly tokenRevoker?: TokenRevoker;
  /** Where General Authorization secrets are read, in place of `C2C_SECRET_STORE`'s. */
  readonly secretStore?: SecretStore;
  /**
   * Your platform's device API, for the built-in AWS.DiscoverDevices and AWS.SendCommand (in place of
   * `C2C_DEVICE_API_URL`'s client); their events still go where `C2C_EVENTS_SINK` says, or to `connectorEvents`.
   */
  readonly deviceCloud?: DeviceCloud;
  /** Where the device operations' events go, in place of `C2C_EVENTS_SINK`'s. */
  readonly connectorEvents?: ConnectorEvents;
  /** Linking flow only. */
  readonly tokenExchanger?: TokenExchanger;
  /** Linking flow only: how CompleteLinking and DeleteAssociation reach the connector. */
  readonly connectorClient?: ConnectorClient;
  /** Linking flow only: association ids, `state`, PKCE. */
  readonly secretGenerator?: SecretGenerator;
}

export interface ConnectorExtensions {
  /** Identity sources by the name `C2C_IDENTITY_SOURCES` lists them under, beside `jwt`, `introspection`, `userinfo`. */
  readonly identitySources?: Readonly<Record<string, IdentitySource>>;
  /** Handlers of further operations (`AWS.DiscoverDevices`, `AWS.SendCommand`, ...), one per `operationName`. */
  readonly operations?: readonly UserOperationHandler[];
  readonly ports?: PortOverrides;
  /**
   * Last word on the container (`container.rebind(TOKENS.X)`), before anything is resolved or started. For
   * what `ports` does not cover; prefer `ports`.
   */
  readonly rebind?: (container: Container) => void;
}

/** The ports that only the linking flow uses: given without it, they could not apply. */
export const LINKING_ONLY_PORTS = ['tokenExchanger', 'connectorClient', 'secretGenerator'] as const satisfies readonly (keyof PortOverrides)[];

export const PORT_NAMES = [
  'clock',
  'logger',
  'accountLinkRepository',
  'identityCache',
  'tokenRevoker',
  'secretStore',
  'deviceCloud',
  'connectorEvents',
  ...LINKING_ONLY_PORTS,
] as const satisfies readonly (keyof PortOverrides)[];
