/**
 * The packages listed under `optionalDependencies` in package.json, with the version it pins. Only
 * development features need them (the sandbox's authorization server, the embedded store), so a production
 * install may leave them out (`npm install --omit=optional`). A unit test holds this list to package.json.
 */
export const OPTIONAL_PACKAGES = {
  'classic-level': '3.0.0',
  dynalite: '4.0.0',
  'oidc-provider': '9.13.3',
} as const;

export type OptionalPackage = keyof typeof OPTIONAL_PACKAGES;
