export {
  stubAccountLinkRepository,
  stubClock,
  stubConnectorClient,
  stubConnectorEvents,
  stubDeviceCloud,
  stubCredentialIdentitySource,
  stubIdentitySource,
  stubSecretStore,
  stubSecretGenerator,
  stubTokenExchanger,
  stubTokenRefresher,
  stubTokenRevoker,
  type StubbedPort,
} from './port-stubs.js';
export { FakeClock } from './fake-clock.js';
export { TokenFactory, type TokenFactoryOptions } from './token-factory.js';
export { TestIdentityServer } from './test-identity-server.js';
export { JwksServer, type JwksBehaviour } from './jwks-server.js';
export { sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest, type Respond } from './loopback-server.js';
export { InMemoryAccountLinkRepository } from '../../adapters/persistence/in-memory-account-link-repository.js';
export { testConfig } from './test-config.js';
