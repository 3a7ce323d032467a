import { OptionalDependencyMissing } from './optional-dependency-missing.js';
import type { OptionalPackage } from './optional-packages.js';

/**
 * Runs `load` (an `import()` of `packageName`, written out by the caller so that bundlers and TypeScript
 * see the specifier) and turns "that package is not installed" into OptionalDependencyMissing. Any other
 * failure, a missing dependency of that package included, is passed on as it is.
 */
export async function importOptionalDependency<T>(packageName: OptionalPackage, feature: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isNotInstalled(error, packageName)) throw new OptionalDependencyMissing(packageName, feature, { cause: error });
    throw error;
  }
}

// Node's resolver says "Cannot find package 'dynalite' imported from ..." (ERR_MODULE_NOT_FOUND).
function isNotInstalled(error: unknown, packageName: string): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    error.code === 'ERR_MODULE_NOT_FOUND' &&
    error.message.includes(`'${packageName}'`)
  );
}
