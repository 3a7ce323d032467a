import type { Container } from 'inversify';
import type { ActivateUser } from '../application/activate-user.js';
import { CachedActivateUser } from '../application/cached-activate-user.js';
import type { Clock } from '../application/ports/clock.js';
import type { IdentityCache } from '../application/ports/identity-cache.js';
import type { TokenFingerprint } from '../application/ports/token-fingerprint.js';
import { InMemoryIdentityCache } from '../adapters/cache/in-memory-identity-cache.js';
import { KeyedTokenFingerprint } from '../adapters/crypto/keyed-token-fingerprint.js';
import { InvocationFactsByDeadline } from '../adapters/logging/invocation-facts-by-deadline.js';
import { PinoLogger } from '../adapters/logging/pino-logger.js';
import type { AppConfig } from './config/app-config.js';
import { TOKENS } from './tokens.js';

/** Logging, invocation facts and the identity cache in front of ActivateUser. */
export function bindHardening(container: Container, config: AppConfig): void {
  container.bind(TOKENS.Logger).toResolvedValue(() => PinoLogger.create({ level: config.logging.level }));
  container.bind(TOKENS.InvocationFacts).toResolvedValue(() => new InvocationFactsByDeadline());
  container.bind(TOKENS.TokenFingerprint).toResolvedValue(() => new KeyedTokenFingerprint());
  container
    .bind(TOKENS.IdentityCache)
    .toResolvedValue((clock: Clock) => new InMemoryIdentityCache(clock, { maxEntries: config.cache.maxEntries }), [TOKENS.Clock]);
  container
    .bind(TOKENS.UserActivation)
    .toResolvedValue(
      (activateUser: ActivateUser, cache: IdentityCache, fingerprint: TokenFingerprint, facts: InvocationFactsByDeadline, clock: Clock) =>
        new CachedActivateUser(activateUser, cache, fingerprint, clock, facts, {
          ttlMs: config.cache.ttlMs,
          negativeTtlMs: config.cache.negativeTtlMs,
        }),
      [TOKENS.ActivateUser, TOKENS.IdentityCache, TOKENS.TokenFingerprint, TOKENS.InvocationFacts, TOKENS.Clock],
    );
}
