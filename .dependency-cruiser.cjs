/** The hexagon's layer rules, checked on every test run. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain imports nothing outside the domain: no application, adapters, main, or packages.',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { pathNot: ['^src/domain'] },
    },
    {
      name: 'application-depends-on-domain-only',
      comment: 'Use cases and ports import only the domain and themselves: no adapters, no main, no packages.',
      severity: 'error',
      from: { path: '^src/application' },
      to: { pathNot: ['^src/application', '^src/domain'] },
    },
    {
      name: 'adapters-never-import-main',
      comment: 'Only src/main knows every layer; adapters must not reach into the composition root.',
      severity: 'error',
      from: { path: '^src/adapters' },
      to: { path: '^src/main' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
