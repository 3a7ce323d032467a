// ESLint, run by `npm run lint` (and so by `npm test`) with zero findings allowed.
// TypeScript is linted type-aware, each directory with the tsconfig that compiles it. test, examples and
// bench import the package through `#main/*` and `c2c-account-linking`, which resolve to dist/: lint them
// after `npm run build` (npm test does), or their imports type as errors.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** recommendedTypeChecked for `files`, typed by `project`. */
function typeChecked(files, project) {
  return {
    files,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      // Explicit projects rather than projectService: it looks only for files named tsconfig.json, and the
      // tests are compiled by tsconfig.test.json.
      parserOptions: { project, tsconfigRootDir: import.meta.dirname },
    },
  };
}

export default defineConfig([
  globalIgnores(['dist/', 'dist-test/', 'dist-examples/', 'dist-bench/', 'bench-results/', 'artifacts/', 'data/']),
  // The consumer is compiled, strictly and against the packed package's types, by the packed-package test in a
  // folder of its own: in this repository there is no installed package for its imports to type against.
  globalIgnores(['test/consumer-fixture/src/']),
  // A disable comment that no longer suppresses anything is itself a finding.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  typeChecked(['src/**/*.ts'], './tsconfig.json'),
  typeChecked(['test/**/*.ts'], './tsconfig.test.json'),
  typeChecked(['examples/**/*.ts'], './examples/tsconfig.json'),
  typeChecked(['bench/**/*.ts'], './bench/tsconfig.json'),
  {
    files: ['**/*.ts'],
    rules: {
      // Off: `async` without `await` keeps a synchronous body behind a Promise contract (ports, fastify, oidc-provider), so a throw stays a rejection.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    rules: {
      // A write-once `let` read (by a callback that checks for undefined) before its one assignment cannot be a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // The scripts, the mocha reporter, the cold-start harness and the tool configs: plain Node.js, no types.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
]);
