import type { AxiosInstance } from 'axios';
import type { Container } from 'inversify';
import { InMemoryIdentityCache } from '../../adapters/cache/in-memory-identity-cache.js';
import { KeyedTokenFingerprint } from '../../adapters/crypto/keyed-token-fingerprint.js';
import { NodeDigest } from '../../adapters/crypto/node-digest.js';
import { JoseTokenVerifier } from '../../adapters/jwt/jose-token-verifier.js';
import { MultiIssuerTokenVerifier } from '../../adapters/jwt/multi-issuer-token-verifier.js';
import { RemoteJwksKeyStore } from '../../adapters/jwt/remote-jwks-key-store.js';
import type { InvocationFactsByDeadline } from '../../adapters/logging/invocation-facts-by-deadline.js';
import { createHttpClient } from '../../adapters/outbound-http/http-client.js';
import { ActivateUser } from '../../application/activate-user.js';
import { CachedActivateUser } from '../../application/cached-activate-user.js';
import type { Clock } from '../../application/ports/clock.js';
import type { Digest } from '../../application/ports/digest.js';
import type { IdentityCache } from '../../application/ports/identity-cache.js';
import type { IdentitySource, NamedIdentitySource } from '../../application/ports/identity-source.js';
import type { Logger } from '../../application/ports/logger.js';
import type { TokenFingerprint } from '../../application/ports/token-fingerprint.js';
import { UserIdPolicy } from '../../application/user-id-policy.js';
import type { AppConfig } from '../config/app-config.js';
import {
  BUILT_IN_IDENTITY_SOURCE_NAMES,
  IDENTITY_SOURCE_NAME_PATTERN,
  isBuiltInIdentitySource,
  type BuiltInIdentitySourceName,
} from '../config/built-in-identity-sources.js';
import { ConfigurationError } from '../config/configuration-error.js';
import { TOKENS } from '../tokens.js';
import type { ConnectorExtensions } from './extensions.js';
import { identitySourceOnFirstUse } from './on-first-use.js';

const BUILT_IN_SOURCE_TOKENS: Readonly<Record<BuiltInIdentitySourceName, symbol>> = {
  jwt: TOKENS.JwtIdentitySource,
  introspection: TOKENS.IntrospectionIdentitySource,
  userinfo: TOKENS.UserInfoIdentitySource,
};

/**
 * The identity chain (`C2C_IDENTITY_SOURCES`: built-in and registered sources by name), ActivateUser over
 * it, and the identity cache in front. Returns the chain's names; empty for a linking service whose
 * connector runs elsewhere (`C2C_CONNECTOR_URL`).
 * @throws ConfigurationError when a listed name has no source, or a registered source cannot be used.
 */
export function bindIdentity(container: Container, config: AppConfig, extensions: ConnectorExtensions): readonly string[] {
  const registered = extensions.identitySources ?? {};
  const chain = identityChainOf(config, registered);
  container.bind(TOKENS.HttpClient).toResolvedValue(createHttpClient);
  bindBuiltInSources(container, config);
  container.bind(TOKENS.IdentitySources).toDynamicValue((context): NamedIdentitySource[] =>
    chain.map((name) => ({
      name,
      source: isBuiltInIdentitySource(name) ? context.get<IdentitySource>(BUILT_IN_SOURCE_TOKENS[name]) : registered[name]!,
    })),
  );
  container.bind(TOKENS.Digest).toConstantValue(new NodeDigest());
  container.bind(TOKENS.UserIdPolicy).toResolvedValue((digest: Digest) => new UserIdPolicy(digest, config.userIds), [TOKENS.Digest]);
  container
    .bind(TOKENS.ActivateUser)
    .toResolvedValue(
      (sources: NamedIdentitySource[], userIds: UserIdPolicy) => new ActivateUser(sources, userIds),
      [TOKENS.IdentitySources, TOKENS.UserIdPolicy],
    );
  bindIdentityCache(container, config, extensions.ports?.identityCache);
  return chain;
}

function bindBuiltInSources(container: Container, config: AppConfig): void {
  const { jwt, userinfo, introspection, retry } = config;
  if (jwt !== undefined) {
    container.bind(TOKENS.JwtIdentitySource).toResolvedValue(
      (http: AxiosInstance, clock: Clock, logger: Logger) =>
        new MultiIssuerTokenVerifier(
          new Map(
            jwt.issuers.map((issuer) => [
              issuer.verifier.issuer,
              new JoseTokenVerifier(new RemoteJwksKeyStore(http, clock, { ...issuer.keyStore, retry }, logger), clock, issuer.verifier),
            ]),
          ),
        ),
      [TOKENS.HttpClient, TOKENS.Clock, TOKENS.Logger],
    );
  }
  if (userinfo !== undefined) {
    container.bind(TOKENS.UserInfoIdentitySource).toResolvedValue(
      (http: AxiosInstance) =>
        identitySourceOnFirstUse(async () => {
          const { AxiosUserInfoLookup } = await import('../../adapters/userinfo/axios-user-info-lookup.js');
          return new AxiosUserInfoLookup(http, { ...userinfo, retry });
        }, { takesCredentials: userinfo.credential !== undefined }),
      [TOKENS.HttpClient],
    );
  }
  if (introspection !== undefined) {
    container.bind(TOKENS.IntrospectionIdentitySource).toResolvedValue(
      (http: AxiosInstance) =>
        identitySourceOnFirstUse(async () => {
          const { AxiosIntrospectionLookup } = await import('../../adapters/introspection/axios-introspection-lookup.js');
          return new AxiosIntrospectionLookup(http, introspection);
        }, { takesCredentials: false }),
      [TOKENS.HttpClient],
    );
  }
}

function bindIdentityCache(container: Container, config: AppConfig, cache: IdentityCache | undefined): void {
  if (cache === undefined) {
    container
      .bind(TOKENS.IdentityCache)
      .toResolvedValue((clock: Clock) => new InMemoryIdentityCache(clock, { maxEntries: config.cache.maxEntries }), [TOKENS.Clock]);
  } else {
    container.bind(TOKENS.IdentityCache).toConstantValue(cache);
  }
  container.bind(TOKENS.TokenFingerprint).toResolvedValue(() => new KeyedTokenFingerprint());
  container
    .bind(TOKENS.UserActivation)
    .toResolvedValue(
      (
        activateUser: ActivateUser,
        identities: IdentityCache,
        fingerprint: TokenFingerprint,
        clock: Clock,
        facts: InvocationFactsByDeadline,
        digest: Digest,
      ) =>
        new CachedActivateUser(
          activateUser,
          identities,
          fingerprint,
          clock,
          facts,
          { ttlMs: config.cache.ttlMs, negativeTtlMs: config.cache.negativeTtlMs },
          digest,
        ),
      [TOKENS.ActivateUser, TOKENS.IdentityCache, TOKENS.TokenFingerprint, TOKENS.Clock, TOKENS.InvocationFacts, TOKENS.Digest],
    );
}

/**
 * The names ActivateUser walks, in order. Listed in `C2C_IDENTITY_SOURCES`, every name needs a source and
 * every registered source must be listed; without the variable, the built-in sources whose variables are
 * set come first, then the registered ones in the order given.
 */
export function identityChainOf(config: AppConfig, registered: Readonly<Record<string, IdentitySource>>): readonly string[] {
  const problems: { variable: string; problem: string }[] = [];
  const custom = Object.keys(registered);
  for (const name of custom) {
    if (isBuiltInIdentitySource(name)) {
      problems.push({ variable: `identitySources.${name}`, problem: 'is the name of a built-in source: register yours under a name of its own' });
    } else if (!IDENTITY_SOURCE_NAME_PATTERN.test(name)) {
      problems.push({ variable: `identitySources.${name}`, problem: 'is not a source name (lower-case letters, digits, - and _, at most 32)' });
    } else if (typeof registered[name]?.identify !== 'function') {
      problems.push({ variable: `identitySources.${name}`, problem: 'is not an IdentitySource (it has no identify method)' });
    } else if (registered[name].identifyCredential !== undefined && typeof registered[name].identifyCredential !== 'function') {
      problems.push({ variable: `identitySources.${name}`, problem: 'has an identifyCredential that is not a method' });
    }
  }
  const { names, listed } = config.connector.identitySources;
  const chain = listed ? names : [...names, ...custom.filter((name) => !names.includes(name))];
  const known = [...BUILT_IN_IDENTITY_SOURCE_NAMES, ...custom];
  for (const name of chain) {
    if (!known.includes(name)) {
      problems.push({ variable: 'C2C_IDENTITY_SOURCES', problem: `"${name}" names no identity source; the known ones are ${known.join(', ')}` });
    }
  }
  if (listed) {
    for (const name of custom.filter((registeredName) => !names.includes(registeredName))) {
      problems.push({
        variable: 'C2C_IDENTITY_SOURCES',
        problem: `does not list "${name}", which was registered with createConnector: add it where it should be tried (now ${names.join(',')})`,
      });
    }
  }
  if (chain.length === 0 && config.linking?.connectorUrl === undefined) {
    problems.push({
      variable: 'C2C_IDENTITY_SOURCES',
      problem:
        'no identity source is configured: set C2C_JWKS_URI or C2C_JWT_ISSUERS (jwt), C2C_INTROSPECTION_URL (introspection) or ' +
        'C2C_USERINFO_URL (userinfo), or register a source with createConnector(config, { identitySources })',
    });
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return chain;
}
