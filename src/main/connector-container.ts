import 'reflect-metadata';
import type { AxiosInstance } from 'axios';
import { Container } from 'inversify';
import { ActivateUserOperation } from '../application/activate-user-operation.js';
import { ActivateUser } from '../application/activate-user.js';
import { lookedUpRemotelyBy, verifiedLocallyBy, type IdentitySource } from '../application/identity-source.js';
import type { OperationHandler } from '../application/operation-handler.js';
import { OperationRouter } from '../application/operation-router.js';
import type { Clock } from '../application/ports/clock.js';
import type { IdentityLookup } from '../application/ports/identity-lookup.js';
import type { Digest } from '../application/ports/digest.js';
import type { TokenVerifier } from '../application/ports/token-verifier.js';
import { UserIdPolicy } from '../application/user-id-policy.js';
import { ConnectorEndpoint } from '../adapters/connector-envelope/connector-endpoint.js';
import { NodeDigest } from '../adapters/crypto/node-digest.js';
import { AxiosIntrospectionLookup } from '../adapters/introspection/axios-introspection-lookup.js';
import { JoseTokenVerifier } from '../adapters/jwt/jose-token-verifier.js';
import { MultiIssuerTokenVerifier } from '../adapters/jwt/multi-issuer-token-verifier.js';
import { RemoteJwksKeyStore } from '../adapters/jwt/remote-jwks-key-store.js';
import { createLambdaHandler } from '../adapters/lambda/lambda-handler.js';
import { createHttpClient } from '../adapters/outbound-http/http-client.js';
import { AxiosUserInfoLookup } from '../adapters/userinfo/axios-user-info-lookup.js';
import type { AppConfig } from './config/app-config.js';
import type { UserActivation } from '../application/user-activation.js';
import type { InvocationFactsByDeadline } from '../adapters/logging/invocation-facts-by-deadline.js';
import { SystemClock } from '../adapters/clock/system-clock.js';
import { IdentifiedOperation } from '../application/identified-operation.js';
import type { UserOperationHandler } from '../application/user-operation-handler.js';
import { bindAccountLifecycle } from './bind-account-lifecycle.js';
import { bindHardening } from './bind-hardening.js';
import { TOKENS } from './tokens.js';

/**
 * The connector alone (ActivateUser behind the envelope endpoint and the Lambda handler), for the Lambda
 * entry: it imports neither fastify nor the linking flow's storage, which keeps the bundle and the cold
 * start small. `buildContainer` adds the HTTP server and the linking flow on top of the same bindings.
 */
export function buildConnectorContainer(config: AppConfig): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  bindConnector(container, config);
  return container;
}

export function bindConnector(container: Container, config: AppConfig): void {
  container.bind(TOKENS.Config).toConstantValue(config);
  container.bind(TOKENS.HttpClient).toResolvedValue(createHttpClient);
  bindHardening(container, config);

  if (config.jwt !== undefined) {
    const { issuers } = config.jwt;
    container.bind(TOKENS.TokenVerifier).toResolvedValue(
      (http: AxiosInstance, clock: Clock) =>
        new MultiIssuerTokenVerifier(
          new Map(
            issuers.map((issuer) => [
              issuer.verifier.issuer,
              new JoseTokenVerifier(new RemoteJwksKeyStore(http, clock, { ...issuer.keyStore, retry: config.retry }), clock, issuer.verifier),
            ]),
          ),
        ),
      [TOKENS.HttpClient, TOKENS.Clock],
    );
  }
  if (config.userinfo !== undefined) {
    const userinfo = config.userinfo;
    container
      .bind(TOKENS.IdentityLookup)
      .toResolvedValue((http: AxiosInstance) => new AxiosUserInfoLookup(http, { ...userinfo, retry: config.retry }), [TOKENS.HttpClient]);
  }
  if (config.introspection !== undefined) {
    const introspection = config.introspection;
    container
      .bind(TOKENS.IntrospectionLookup)
      .toResolvedValue((http: AxiosInstance) => new AxiosIntrospectionLookup(http, introspection), [TOKENS.HttpClient]);
  }
  container.bind(TOKENS.IdentitySources).toDynamicValue((context): IdentitySource[] =>
    config.connector.identitySources.map((name) => {
      switch (name) {
        case 'jwt':
          return verifiedLocallyBy(name, context.get<TokenVerifier>(TOKENS.TokenVerifier));
        case 'introspection':
          return lookedUpRemotelyBy(name, context.get<IdentityLookup>(TOKENS.IntrospectionLookup));
        case 'userinfo':
          return lookedUpRemotelyBy(name, context.get<IdentityLookup>(TOKENS.IdentityLookup));
      }
    }),
  );
  container.bind(TOKENS.Digest).toConstantValue(new NodeDigest());
  container
    .bind(TOKENS.UserIdPolicy)
    .toResolvedValue((digest: Digest) => new UserIdPolicy(digest, config.userIds), [TOKENS.Digest]);
  container
    .bind(TOKENS.ActivateUser)
    .toResolvedValue(
      (sources: IdentitySource[], userIds: UserIdPolicy) => new ActivateUser(sources, userIds),
      [TOKENS.IdentitySources, TOKENS.UserIdPolicy],
    );

  container
    .bind(TOKENS.OperationHandler)
    .toResolvedValue((activateUser: UserActivation) => new ActivateUserOperation(activateUser), [TOKENS.UserActivation]);
  container.bind(TOKENS.Clock).toConstantValue(new SystemClock());
  bindAccountLifecycle(container, config);
  container
    .bind(TOKENS.OperationRouter)
    .toResolvedValue(
      (handlers: OperationHandler[], activateUser: UserActivation, custom: UserOperationHandler[] | undefined) =>
        new OperationRouter([...handlers, ...(custom ?? []).map((handler) => new IdentifiedOperation(activateUser, handler))], {
          connectorId: config.connector.connectorId,
        }),
      [
        { serviceIdentifier: TOKENS.OperationHandler, isMultiple: true },
        TOKENS.UserActivation,
        { serviceIdentifier: TOKENS.UserOperationHandler, isMultiple: true, optional: true },
      ],
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
