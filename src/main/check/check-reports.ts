import type { CheckReport, CheckResult } from './run-checks.js';

const STATUS_LABEL = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The terminal table: one row per check (status, id, required or optional, time, why), then the verdict. */
export function formatTable(report: CheckReport): string {
  const idWidth = Math.max(...report.results.map((result) => result.id.length), 5);
  const rows = report.results.map((result) => {
    const kind = result.required ? 'required' : 'optional';
    const time = result.status === 'skip' && result.ms === 0 ? '' : `${result.ms} ms`;
    return `${STATUS_LABEL[result.status]}  ${pad(result.id, idWidth)}  ${pad(kind, 8)}  ${pad(time, 8)}  ${whyOf(result)}`.trimEnd();
  });
  const { pass, fail, skip } = report.counts;
  const requiredFailures = report.results.filter((result) => result.required && result.status === 'fail').length;
  const verdict = report.passed
    ? `Every required check passed (${pass} passed, ${fail} failed, ${skip} skipped) in ${report.ms} ms.`
    : `${requiredFailures} required check${requiredFailures === 1 ? '' : 's'} failed (${pass} passed, ${fail} failed, ${skip} skipped) in ${report.ms} ms.`;
  return [
    `c2c-account-linking check: ${report.target}`,
    `tokens from ${report.tokenSource}; every invocation has ${report.budgetMs} ms`,
    '',
    `${pad('', 4)}  ${pad('check', idWidth)}  ${pad('kind', 8)}  ${pad('time', 8)}  why`,
    ...rows,
    '',
    verdict,
    '',
  ].join('\n');
}

function whyOf(result: CheckResult): string {
  return result.status === 'pass' ? result.description : (result.reason ?? '');
}

export function formatJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function xml(text: string): string {
  // Characters XML 1.0 cannot hold are dropped; the rest is escaped.
  // eslint-disable-next-line no-control-regex -- the point is to remove control characters.
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JUnit XML as Jenkins, GitLab and GitHub reporters read it: one testcase per check. */
export function formatJunit(report: CheckReport): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const cases = report.results.map((result) => {
    const open = `    <testcase classname="c2c-account-linking.check.${result.required ? 'required' : 'optional'}" name="${xml(result.id)}" time="${seconds(result.ms)}">`;
    const properties = `      <properties><property name="description" value="${xml(result.description)}"/><property name="source" value="${xml(result.source)}"/></properties>`;
    const detail =
      result.status === 'fail'
        ? `      <failure message="${xml(result.reason ?? '')}" type="${result.required ? 'RequiredCheckFailed' : 'OptionalCheckFailed'}">${xml(result.reason ?? '')}</failure>`
        : result.status === 'skip'
          ? `      <skipped message="${xml(result.reason ?? '')}"/>`
          : undefined;
    return [open, properties, ...(detail === undefined ? [] : [detail]), '    </testcase>'].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="c2c-account-linking check" tests="${report.results.length}" failures="${report.counts.fail}" skipped="${report.counts.skip}" time="${seconds(report.ms)}">`,
    `  <testsuite name="${xml(report.target)}" tests="${report.results.length}" failures="${report.counts.fail}" errors="0" skipped="${report.counts.skip}" time="${seconds(report.ms)}" timestamp="${report.startedAt}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
