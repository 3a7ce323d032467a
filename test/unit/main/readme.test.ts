import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { BUILT_IN_IDENTITY_SOURCE_NAMES } from '#main/config/built-in-identity-sources.js';
import { KNOWN_VARIABLES } from '#main/config/variables.js';

const readme = readFileSync('README.md', 'utf8');

/** The text of `## title` up to the next second-level heading. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `README has no "## ${title}"`).to.be.greaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

const normalised = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');

describe('README', () => {
  it('has a row in the Configuration tables for every variable of the one table, and names no other C2C_ variable', () => {
    // A row's first cell names its variables (one or several, e.g. `PORT`, `HOST`).
    const firstCells = section('Configuration')
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split(' | ')[0] ?? '');
    const missing = KNOWN_VARIABLES.filter((name) => !firstCells.some((cell) => cell.includes(`\`${name}\``)));
    expect(missing).to.deep.equal([]);
    const mentioned = new Set(readme.match(/\bC2C_[A-Z0-9_]+[A-Z0-9]\b/g) ?? []);
    expect([...mentioned].filter((name) => !(KNOWN_VARIABLES as readonly string[]).includes(name))).to.deep.equal([]);
  });

  it('names the built-in identity sources where it documents C2C_IDENTITY_SOURCES', () => {
    const row = section('Configuration')
      .split('\n')
      .find((line) => line.startsWith('| `C2C_IDENTITY_SOURCES`'));
    for (const name of BUILT_IN_IDENTITY_SOURCE_NAMES) expect(row, name).to.contain(`\`${name}\``);
  });

  it('shows in Embedding only code the consumer test compiles: every TypeScript snippet is an excerpt of a consumer file it names', () => {
    const embedding = section('Embedding');
    const snippets = [...embedding.matchAll(/```ts\n([\s\S]*?)```\n(<!-- excerpt of (\S+) -->)?/g)];
    expect(snippets.length).to.be.greaterThan(5);
    for (const [, code = '', marker, file] of snippets) {
      expect(marker, `a snippet without its excerpt marker:\n${code}`).to.not.equal(undefined);
      expect(file?.startsWith('test/consumer-fixture/src/'), file).to.equal(true);
      expect(existsSync(file!), file).to.equal(true);
      const lines = normalised(readFileSync(file!, 'utf8'));
      const excerpt = normalised(code);
      const at = lines.findIndex((_line, index) => excerpt.every((line, offset) => lines[index + offset] === line));
      expect(at, `not an excerpt of ${file}:\n${code}`).to.be.greaterThan(-1);
    }
  });
});
