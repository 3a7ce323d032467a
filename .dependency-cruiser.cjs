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
      name: 'adapters-share-only-infrastructure',
      comment:
        'An adapter is one technology; it imports another adapter only through the shared modules named here ' +
        '(outbound HTTP stack, claim reading, connector envelope, OAuth form posts, optional packages, log-field helpers, the stylesheet of the pages), ' +
        'never a sibling technology (userinfo must not import jwt).',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: {
        path: '^src/adapters/',
        pathNot: [
          '^src/adapters/$1/',
          '^src/adapters/outbound-http/',
          '^src/adapters/claims/',
          '^src/adapters/connector-envelope/',
          '^src/adapters/oauth-form/',
          '^src/adapters/optional-dependency/',
          // The stylesheet the customer app's pages and the development authorization server's pages share.
          '^src/adapters/web-page/',
          // Waits on the Clock port (retry back-off, table polls) that must keep the process alive meanwhile.
          '^src/adapters/clock/keeping-process-alive[.]ts$',
          // Not logging/pino-logger.ts: other adapters log through the Logger port, never through pino.
          '^src/adapters/logging/(copy-defined|correlation-id|invocation-facts-by-deadline)[.]ts$',
        ],
      },
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
