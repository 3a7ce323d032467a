import { LOG_LEVELS, type LogLevel } from '../../application/ports/logger.js';
import type { RemoteJwksKeyStoreOptions } from '../../adapters/jwt/remote-jwks-key-store.js';
import type { RetryPolicy } from '../../adapters/outbound-http/send-with-retries.js';
import type { CacheConfig, LoggingConfig } from './app-config.js';
import type { EnvReader } from './env-reader.js';

/** `C2C_CACHE_TTL_S`, `C2C_NEGATIVE_CACHE_TTL_S`, `C2C_CACHE_MAX_ENTRIES`. */
export function readCache(read: EnvReader): CacheConfig {
  return {
    ttlMs: read.integer('C2C_CACHE_TTL_S', 60, 0, 86_400) * 1000,
    negativeTtlMs: read.integer('C2C_NEGATIVE_CACHE_TTL_S', 5, 0, 300) * 1000,
    maxEntries: read.integer('C2C_CACHE_MAX_ENTRIES', 10_000, 0, 1_000_000),
  };
}

/** `LOG_LEVEL`. */
export function readLogging(read: EnvReader): LoggingConfig {
  return { level: read.oneOf<LogLevel>('LOG_LEVEL', LOG_LEVELS, 'info') };
}

/** `C2C_UPSTREAM_RETRIES`: retries of transient userinfo and key set failures, within the deadline. */
export function readRetry(read: EnvReader): RetryPolicy {
  return { maxRetries: read.integer('C2C_UPSTREAM_RETRIES', 2, 0, 5) };
}

/** `C2C_JWKS_MAX_AGE_S`, `C2C_JWKS_STALE_IF_ERROR_S`, `C2C_JWKS_COOLDOWN_S`. */
export function readJwksWindows(read: EnvReader): Omit<RemoteJwksKeyStoreOptions, 'jwksUri'> {
  return {
    maxAgeMs: read.integer('C2C_JWKS_MAX_AGE_S', 600, 1, 86_400) * 1000,
    staleIfErrorMs: read.integer('C2C_JWKS_STALE_IF_ERROR_S', 3600, 0, 7 * 86_400) * 1000,
    cooldownMs: read.integer('C2C_JWKS_COOLDOWN_S', 30, 0, 3600) * 1000,
  };
}
