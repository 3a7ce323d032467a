import 'reflect-metadata';
import { Container } from 'inversify';
import type { AppConfig } from '../config/app-config.js';
import { ConfigurationError } from '../config/configuration-error.js';
import { TOKENS } from '../tokens.js';
import { bindConnector } from './connector-module.js';
import { PORT_NAMES, type ConnectorExtensions } from './extensions.js';
import { bindIdentity } from './identity-module.js';
import { bindLinking } from './linking-module.js';
import { bindObservability } from './observability-module.js';
import { bindSecrets } from './secrets-module.js';
import { bindStorage, StoreSlot } from './storage-module.js';

/** Everything composed, nothing started: what `createConnector` starts. */
export interface Composition {
  /** Every binding, each a singleton resolved on first use. */
  readonly container: Container;
  /** The identity chain's source names, in order; empty when the connector runs elsewhere. */
  readonly identityChain: readonly string[];
  /** Holds the link store once it is open; `opensStore` says whether one must be. */
  readonly storeSlot: StoreSlot;
  readonly opensStore: boolean;
}

/**
 * The composition root: the only place that knows every class, built from feature modules. Every entry
 * (the Lambda, the HTTP service, `createConnector`) goes through here. `extensions.rebind`, when given,
 * sees the finished container before anything is resolved.
 * @throws ConfigurationError when an extension cannot apply to this configuration.
 */
export function composeApplication(config: AppConfig, extensions: ConnectorExtensions = {}): Composition {
  const ports = extensions.ports ?? {};
  refuseUnknownPorts(ports);
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.Config).toConstantValue(config);
  bindObservability(container, config, ports);
  const identityChain = bindIdentity(container, config, extensions);
  const storeSlot = new StoreSlot();
  const { keepsLinks, opensStore } = bindStorage(container, config, ports, storeSlot);
  bindSecrets(container, config, ports);
  bindConnector(container, config, extensions, keepsLinks);
  bindLinking(container, config, ports);
  extensions.rebind?.(container);
  return { container, identityChain, storeSlot, opensStore };
}

function refuseUnknownPorts(ports: object): void {
  const unknown = Object.keys(ports).filter((name) => !(PORT_NAMES as readonly string[]).includes(name));
  if (unknown.length === 0) return;
  throw new ConfigurationError(
    unknown.map((name) => ({ variable: `ports.${name}`, problem: `is not a port that can be given; the ports are ${PORT_NAMES.join(', ')}` })),
  );
}
