import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { KNOWN_VARIABLES } from '#main/config/variables.js';

const run = promisify(execFile);

describe('.env.example', () => {
  const text = readFileSync('.env.example', 'utf8');

  it('names every variable of the one list once, commented out, and no other', () => {
    const named = [...text.matchAll(/^# ([A-Z][A-Z0-9_]*)=$/gm)].map((match) => match[1]);
    expect([...named].sort()).to.deep.equal([...KNOWN_VARIABLES].sort());
    expect(text.split('\n').filter((line) => line !== '' && !line.startsWith('#'))).to.deep.equal([]);
  });

  it('is what scripts/env-example.mjs makes of src/main/config/variables.ts and README "Configuration" (regenerate: node scripts/env-example.mjs)', async () => {
    let failure: unknown;
    await run(process.execPath, ['scripts/env-example.mjs', '--check']).catch((error: unknown) => (failure = error));
    expect(failure, 'node scripts/env-example.mjs --check').to.equal(undefined);
  });

  it('comments each variable with its README meaning and default, under a group heading', () => {
    expect(text).to.match(/\n## Where links and their tokens are kept\n/);
    expect(text).to.contain('# Table name. Default: c2c-account-links.\n# C2C_DYNAMODB_TABLE=\n');
    expect(text).to.contain('# Where the HTTP service listens. Default: 8080, 127.0.0.1.\n# PORT=\n# HOST=\n');
  });
});
