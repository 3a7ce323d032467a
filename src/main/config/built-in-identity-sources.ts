import type { KnownVariable } from './variables.js';

/**
 * The identity sources that ship with the package, in their default order, with the variables whose
 * presence puts each in the default chain when `C2C_IDENTITY_SOURCES` is not set.
 */
export const BUILT_IN_IDENTITY_SOURCES = {
  jwt: ['C2C_JWKS_URI', 'C2C_JWT_ISSUERS', 'C2C_JWT_ISSUERS_FILE'],
  introspection: ['C2C_INTROSPECTION_URL'],
  userinfo: ['C2C_USERINFO_URL'],
} as const satisfies Readonly<Record<string, readonly KnownVariable[]>>;

export type BuiltInIdentitySourceName = keyof typeof BUILT_IN_IDENTITY_SOURCES;

export const BUILT_IN_IDENTITY_SOURCE_NAMES = Object.keys(BUILT_IN_IDENTITY_SOURCES) as readonly BuiltInIdentitySourceName[];

export function isBuiltInIdentitySource(name: string): name is BuiltInIdentitySourceName {
  return Object.hasOwn(BUILT_IN_IDENTITY_SOURCES, name);
}

/** What a custom source may be called: it appears in `C2C_IDENTITY_SOURCES` and in log lines. */
export const IDENTITY_SOURCE_NAME_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
