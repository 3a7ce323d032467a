import { fileURLToPath } from 'node:url';

/** Compiled to dist-bench/bench/support/paths.js: three levels below the repository. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const RESULTS_DIR = `${REPO_ROOT}bench-results`;
/** Scratch space of the bench (stand-in bundles, TLS material): gitignored with bench-results. */
export const TMP_DIR = `${RESULTS_DIR}/tmp`;
