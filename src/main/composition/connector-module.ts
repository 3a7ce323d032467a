import type { AxiosInstance } from 'axios';
import type { Container } from 'inversify';
import { ConnectorEndpoint } from '../../adapters/connector-envelope/connector-endpoint.js';
import { createLambdaHandler } from '../../adapters/lambda/lambda-handler.js';
import type { InvocationFactsByDeadline } from '../../adapters/logging/invocation-facts-by-deadline.js';
import { NoTokenRevoker } from '../../adapters/oauth/no-token-revoker.js';
import { NoAccountLinkRepository } from '../../adapters/persistence/no-account-link-repository.js';
import { ActivateUserOperation } from '../../application/activate-user-operation.js';
import { DeactivateUserOperation } from '../../application/deactivate-user-operation.js';
import { DeactivateUser } from '../../application/deactivate-user.js';
import { IdentifiedOperation } from '../../application/identified-operation.js';
import type { OperationHandler } from '../../application/operation-handler.js';
import { OperationRouter } from '../../application/operation-router.js';
import type { AccountLinkRepository } from '../../application/ports/account-link-repository.js';
import type { Clock } from '../../application/ports/clock.js';
import type { SecretStore } from '../../application/ports/secret-store.js';
import type { TokenRevoker } from '../../application/ports/token-revoker.js';
import type { UserActivation } from '../../application/user-activation.js';
import type { UserOperationHandler } from '../../application/user-operation-handler.js';
import type { InvocationMemory } from '../../application/invocation-memory.js';
import type { ConnectorEvents } from '../../application/ports/connector-events.js';
import type { DeviceCloud } from '../../application/ports/device-cloud.js';
import type { AppConfig } from '../config/app-config.js';
import { ConfigurationError } from '../config/configuration-error.js';
import { TOKENS } from '../tokens.js';
import type { ConnectorExtensions } from './extensions.js';
import { tokenRevokerOnFirstUse } from './on-first-use.js';
import { bindDevices, DEVICE_OPERATIONS } from './device-module.js';

/** The four operations (ActivateUser, DeactivateUser, the device operations when there is a device API, and the registered ones) behind the envelope endpoint and the Lambda handler. */
export function bindConnector(container: Container, config: AppConfig, extensions: ConnectorExtensions, keepsLinks: boolean): void {
  bindRevocation(container, config, extensions.ports?.tokenRevoker);
  const deviceOperations = bindDevices(container, config, extensions.ports ?? {});
  container
    .bind(TOKENS.DeactivateUser)
    .toResolvedValue(
      (activation: UserActivation, revoker: TokenRevoker, links: AccountLinkRepository | undefined, clock: Clock) =>
        new DeactivateUser(activation, revoker, links ?? new NoAccountLinkRepository(), clock, { revokeUnlinkedTokens: !keepsLinks }),
      [TOKENS.UserActivation, TOKENS.TokenRevoker, { serviceIdentifier: TOKENS.AccountLinkRepository, optional: true }, TOKENS.Clock],
    );
  container
    .bind(TOKENS.OperationHandler)
    .toResolvedValue(
      (activation: UserActivation, secrets: SecretStore) => new ActivateUserOperation(activation, secrets),
      [TOKENS.UserActivation, TOKENS.SecretStore],
    );
  container
    .bind(TOKENS.OperationHandler)
    .toResolvedValue(
      (deactivateUser: DeactivateUser, secrets: SecretStore) => new DeactivateUserOperation(deactivateUser, secrets),
      [TOKENS.DeactivateUser, TOKENS.SecretStore],
    );
  for (const build of deviceOperations) {
    container
      .bind(TOKENS.OperationHandler)
      .toResolvedValue(
        (activation: UserActivation, secrets: SecretStore, cloud: DeviceCloud, events: ConnectorEvents, memory: InvocationMemory) =>
          new IdentifiedOperation(activation, build(cloud, events, memory), secrets),
        [TOKENS.UserActivation, TOKENS.SecretStore, TOKENS.DeviceCloud, TOKENS.ConnectorEvents, TOKENS.InvocationMemory],
      );
  }
  for (const operation of operationsOf(extensions, deviceOperations.length > 0 ? [...BUILT_IN_OPERATIONS, ...DEVICE_OPERATIONS] : BUILT_IN_OPERATIONS)) {
    container
      .bind(TOKENS.OperationHandler)
      .toResolvedValue(
        (activation: UserActivation, secrets: SecretStore) => new IdentifiedOperation(activation, operation, secrets),
        [TOKENS.UserActivation, TOKENS.SecretStore],
      );
  }
  container
    .bind(TOKENS.OperationRouter)
    .toResolvedValue(
      (handlers: OperationHandler[]) => new OperationRouter(handlers, { connectorId: config.connector.connectorId }),
      [{ serviceIdentifier: TOKENS.OperationHandler, isMultiple: true }],
    );
  container
    .bind(TOKENS.ConnectorEndpoint)
    .toResolvedValue(
      (router: OperationRouter, facts: InvocationFactsByDeadline, clock: Clock) =>
        new ConnectorEndpoint(router, { deadlineMs: config.connector.deadlineMs }, facts, clock),
      [TOKENS.OperationRouter, TOKENS.InvocationFacts, TOKENS.Clock],
    );
  container.bind(TOKENS.LambdaHandler).toResolvedValue(createLambdaHandler, [TOKENS.ConnectorEndpoint, TOKENS.Logger]);
}

function bindRevocation(container: Container, config: AppConfig, revoker: TokenRevoker | undefined): void {
  const { revocation } = config;
  if (revoker !== undefined) container.bind(TOKENS.TokenRevoker).toConstantValue(revoker);
  else if (revocation === undefined) container.bind(TOKENS.TokenRevoker).toConstantValue(new NoTokenRevoker());
  else {
    container.bind(TOKENS.TokenRevoker).toResolvedValue(
      (http: AxiosInstance) =>
        tokenRevokerOnFirstUse(async () => {
          const { AxiosTokenRevoker } = await import('../../adapters/oauth/axios-token-revoker.js');
          return new AxiosTokenRevoker(http, revocation);
        }),
      [TOKENS.HttpClient],
    );
  }
}

const BUILT_IN_OPERATIONS: readonly string[] = ['AWS.ActivateUser', 'AWS.DeactivateUser'];

function operationsOf(extensions: ConnectorExtensions, builtIn: readonly string[]): readonly UserOperationHandler[] {
  const operations = extensions.operations ?? [];
  const problems: { variable: string; problem: string }[] = [];
  const seen = new Set<string>();
  operations.forEach((operation, index) => {
    const name: unknown = operation?.operationName;
    if (typeof name !== 'string' || name === '' || typeof operation.handle !== 'function') {
      problems.push({ variable: `operations[${index}]`, problem: 'is not a UserOperationHandler (an operationName and a handle method)' });
    } else if (builtIn.includes(name)) {
      const why = BUILT_IN_OPERATIONS.includes(name) ? '' : ' with its device API (C2C_DEVICE_API_URL or ports.deviceCloud)';
      problems.push({ variable: `operations[${index}]`, problem: `handles ${name}, which the connector handles itself${why}` });
    } else if (seen.has(name)) {
      problems.push({ variable: `operations[${index}]`, problem: `handles ${name}, which another handler given handles too` });
    }
    if (typeof name === 'string') seen.add(name);
  });
  if (problems.length > 0) throw new ConfigurationError(problems);
  return operations;
}
