import sinon from 'sinon';
import type { AccountLinkRepository } from '../../application/ports/account-link-repository.js';
import type { Clock } from '../../application/ports/clock.js';
import type { ConnectorClient } from '../../application/ports/connector-client.js';
import type { ConnectorEvents } from '../../application/ports/connector-events.js';
import type { DeviceCloud } from '../../application/ports/device-cloud.js';
import type { IdentitySource } from '../../application/ports/identity-source.js';
import type { SecretGenerator } from '../../application/ports/secret-generator.js';
import type { SecretStore } from '../../application/ports/secret-store.js';
import type { TokenExchanger } from '../../application/ports/token-exchanger.js';
import type { TokenRefresher } from '../../application/ports/token-refresher.js';
import type { TokenRevoker } from '../../application/ports/token-revoker.js';

/** A port whose every method is a sinon stub, usable wherever the port is expected. */
export type StubbedPort<T extends object> = sinon.SinonStubbedInstance<T> & T;

/** An identity source whose `identify` is a stub: `source.identify.resolves({ recognised: true, claims })`. */
export function stubIdentitySource(): StubbedPort<IdentitySource> {
  return { identify: sinon.stub() };
}

/**
 * An identity source that also takes General Authorization credentials: `identify` and `identifyCredential`
 * are stubs (`source.identifyCredential.resolves({ recognised: true, claims })`).
 */
export function stubCredentialIdentitySource(): StubbedPort<Required<Pick<IdentitySource, 'identify' | 'identifyCredential'>>> {
  return { identify: sinon.stub(), identifyCredential: sinon.stub() };
}

/** A secret store whose `resolve` is a stub: `secrets.resolve.resolves(SecretValue.of('{"apiKey":"..."}'))`. */
export function stubSecretStore(): StubbedPort<SecretStore> {
  return { resolve: sinon.stub() };
}

export function stubAccountLinkRepository(): StubbedPort<AccountLinkRepository> {
  return { create: sinon.stub(), findById: sinon.stub(), findByUserId: sinon.stub(), save: sinon.stub(), list: sinon.stub(), delete: sinon.stub() };
}

export function stubTokenExchanger(): StubbedPort<TokenExchanger> {
  return { exchange: sinon.stub() };
}

export function stubTokenRefresher(): StubbedPort<TokenRefresher> {
  return { refresh: sinon.stub() };
}

export function stubTokenRevoker(): StubbedPort<TokenRevoker> {
  return { revoke: sinon.stub() };
}

export function stubConnectorClient(): StubbedPort<ConnectorClient> {
  return { activateUser: sinon.stub(), deactivateUser: sinon.stub(), discoverDevices: sinon.stub(), sendCommand: sinon.stub() };
}

/**
 * A Clock stub that answers `now` (default: the current time) until told otherwise; its monotonic time stands
 * at 0 and its timers never fire (`setTimer` answers a cancel that does nothing). To let time pass, use FakeClock.
 */
export function stubClock(now: Date = new Date()): StubbedPort<Clock> {
  return {
    now: sinon.stub<[], Date>().returns(now),
    monotonicMs: sinon.stub<[], number>().returns(0),
    setTimer: sinon.stub<[number, () => void], () => void>().returns(() => undefined),
  };
}

export function stubSecretGenerator(): StubbedPort<SecretGenerator> {
  return { associationId: sinon.stub(), state: sinon.stub(), pkce: sinon.stub() };
}

/** A device API whose `devicesOf`, `read` and `command` are stubs. */
export function stubDeviceCloud(): StubbedPort<DeviceCloud> {
  return { devicesOf: sinon.stub(), read: sinon.stub(), command: sinon.stub() };
}

/** A connector events sink whose `send` is a stub (it resolves by default: `events.send.firstCall.args[1]` is the event). */
export function stubConnectorEvents(): StubbedPort<ConnectorEvents> {
  const send = sinon.stub<Parameters<ConnectorEvents['send']>, ReturnType<ConnectorEvents['send']>>().resolves();
  return { send };
}
