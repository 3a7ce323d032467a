import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { importOptionalDependency } from '#adapters/optional-dependency/import-optional-dependency.js';
import { OptionalDependencyMissing } from '#adapters/optional-dependency/optional-dependency-missing.js';
import { OPTIONAL_PACKAGES } from '#adapters/optional-dependency/optional-packages.js';

/** What Node's ESM resolver throws for `import('<name>')` when the package is not installed. */
function notFound(name: string): Error {
  return Object.assign(new Error(`Cannot find package '${name}' imported from /app/node_modules/c2c-account-linking/dist/x.js`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
}

async function rejectionOf(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('importOptionalDependency', () => {
  it('answers the module when the package is installed', async () => {
    const module = { default: 'dynalite itself' };
    expect(await importOptionalDependency('dynalite', 'The embedded DynamoDB store', async () => module)).to.equal(module);
  });

  it('turns "package not installed" into OptionalDependencyMissing, naming the package, the feature and the install command', async () => {
    const cause = notFound('dynalite');
    const error = await rejectionOf(importOptionalDependency('dynalite', 'The embedded DynamoDB store', () => Promise.reject(cause)));

    expect(error).to.be.instanceOf(OptionalDependencyMissing);
    const missing = error as OptionalDependencyMissing;
    expect(missing.name).to.equal('OptionalDependencyMissing');
    expect(missing.packageName).to.equal('dynalite');
    expect(missing.installCommand).to.equal('npm install dynalite@4.0.0');
    expect(missing.message).to.equal(
      'The embedded DynamoDB store needs the package dynalite, an optional dependency of c2c-account-linking that is not installed. ' +
        'Install it with `npm install dynalite@4.0.0`.',
    );
    expect(missing.cause).to.equal(cause);
  });

  it('passes on a missing dependency of the package, and any other failure, as they are', async () => {
    const ofKoa = notFound('koa');
    expect(await rejectionOf(importOptionalDependency('oidc-provider', 'The sandbox', () => Promise.reject(ofKoa)))).to.equal(ofKoa);
    const broken = new SyntaxError("Unexpected token 'export'");
    expect(await rejectionOf(importOptionalDependency('oidc-provider', 'The sandbox', () => Promise.reject(broken)))).to.equal(broken);
  });

  it('knows exactly the optionalDependencies of package.json, at their pinned versions', async () => {
    const manifest = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      optionalDependencies?: Record<string, string>;
    };
    expect(OPTIONAL_PACKAGES).to.deep.equal(manifest.optionalDependencies);
  });
});
