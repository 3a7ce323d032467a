import { expect } from 'chai';
import sinon from 'sinon';
import type { ConnectorRequest } from '#application/connector-request.js';
import { Deadline } from '#application/deadline.js';
import type { OperationHandler } from '#application/operation-handler.js';
import { OperationRouter } from '#application/operation-router.js';
import { AccessToken } from '#domain/access-token.js';
import { ConnectorMismatch } from '#domain/errors/connector-mismatch.js';
import { UnsupportedOperation } from '#domain/errors/unsupported-operation.js';
import { FakeClock } from '#main/testing/index.js';

function request(overrides: Partial<ConnectorRequest> = {}): ConnectorRequest {
  return {
    operationName: 'AWS.ActivateUser',
    operationVersion: '1.0.0',
    connectorId: 'connector-1',
    auth: { type: 'OAuth2.0', token: AccessToken.of('t') },
    payload: {},
    ...overrides,
  };
}

function handlerFor(operationName: string): OperationHandler & { handle: sinon.SinonStub } {
  return { operationName, handle: sinon.stub().resolves({ responseMessage: `handled ${operationName}` }) };
}

describe('OperationRouter', () => {
  const clock = new FakeClock();
  it('sends a request to the handler of its operation', async () => {
    const activate = handlerFor('AWS.ActivateUser');
    const discover = handlerFor('AWS.DiscoverDevices');
    const router = new OperationRouter([activate, discover], { connectorId: undefined });

    const result = await router.route(request({ operationName: 'AWS.DiscoverDevices' }), Deadline.in(100, clock));

    expect(result).to.deep.equal({ responseMessage: 'handled AWS.DiscoverDevices' });
    expect(activate.handle.called).to.equal(false);
  });

  it('answers UNSUPPORTED_OPERATION when no handler is registered', async () => {
    const router = new OperationRouter([handlerFor('AWS.ActivateUser')], { connectorId: undefined });
    const error = await router.route(request({ operationName: 'AWS.SendCommand' }), Deadline.in(100, clock)).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(UnsupportedOperation).with.property('code', 'UNSUPPORTED_OPERATION');
  });

  it('refuses another connector when a connector id is configured, before any handler runs', async () => {
    const activate = handlerFor('AWS.ActivateUser');
    const router = new OperationRouter([activate], { connectorId: 'connector-1' });
    const error = await router.route(request({ connectorId: 'connector-2' }), Deadline.in(100, clock)).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConnectorMismatch).with.property('code', 'CONNECTOR_MISMATCH');
    expect(activate.handle.called).to.equal(false);
  });

  it('accepts any connector when none is configured', async () => {
    const router = new OperationRouter([handlerFor('AWS.ActivateUser')], { connectorId: undefined });
    expect(await router.route(request({ connectorId: 'anything' }), Deadline.in(100, clock))).to.have.property('responseMessage');
  });

  it('refuses two handlers for one operation', () => {
    expect(() => new OperationRouter([handlerFor('X'), handlerFor('X')], { connectorId: undefined })).to.throw(/Two handlers/);
  });
});
