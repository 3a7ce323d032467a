import { CheckFailed, CheckSkipped, type CheckContext } from './check-context.js';
import type { Check } from './checks.js';

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  readonly id: string;
  readonly description: string;
  readonly source: string;
  readonly required: boolean;
  readonly status: CheckStatus;
  /** Wall time of the check, invocations and token minting included. */
  readonly ms: number;
  readonly reason?: string;
}

export interface CheckReport {
  readonly tool: 'c2c-account-linking check';
  readonly target: string;
  readonly tokenSource: string;
  readonly budgetMs: number;
  readonly startedAt: string;
  readonly ms: number;
  /** True when no required check failed: the run's exit code is 0 exactly then. */
  readonly passed: boolean;
  readonly counts: Readonly<Record<CheckStatus, number>>;
  readonly results: readonly CheckResult[];
}

export interface Selection {
  /** Check ids (a trailing `*` matches a prefix); empty selects all. */
  readonly only: readonly string[];
  readonly skip: readonly string[];
}

function matches(patterns: readonly string[], id: string): boolean {
  return patterns.some((pattern) => (pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : id === pattern));
}

/** The patterns of `selection` that name no check: a typo must not silently select nothing. */
export function unknownPatterns(checks: readonly Check[], selection: Selection): string[] {
  return [...selection.only, ...selection.skip].filter((pattern) => !checks.some((check) => matches([pattern], check.id)));
}

/** Runs the checks in order, one at a time (a connector is invoked one event at a time, as a Lambda instance is). */
export async function runChecks(checks: readonly Check[], context: CheckContext, selection: Selection, tokenSource: string): Promise<CheckReport> {
  const startedAt = new Date();
  const started = performance.now();
  const results: CheckResult[] = [];
  for (const check of checks) {
    const base = { id: check.id, description: check.description, source: check.source, required: check.required };
    const selected = (selection.only.length === 0 || matches(selection.only, check.id)) && !matches(selection.skip, check.id);
    if (!selected) {
      results.push({ ...base, status: 'skip', ms: 0, reason: 'not selected (--only/--skip)' });
      continue;
    }
    const checkStarted = performance.now();
    const elapsed = () => Math.round(performance.now() - checkStarted);
    try {
      await check.run(context);
      results.push({ ...base, status: 'pass', ms: elapsed() });
    } catch (error) {
      if (error instanceof CheckSkipped) results.push({ ...base, status: 'skip', ms: elapsed(), reason: error.reason });
      else if (error instanceof CheckFailed) results.push({ ...base, status: 'fail', ms: elapsed(), reason: error.reason });
      else results.push({ ...base, status: 'fail', ms: elapsed(), reason: `the checker could not run it: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  const counts = { pass: 0, fail: 0, skip: 0 };
  for (const result of results) counts[result.status] += 1;
  return {
    tool: 'c2c-account-linking check',
    target: context.target.description,
    tokenSource,
    budgetMs: context.budgetMs,
    startedAt: startedAt.toISOString(),
    ms: Math.round(performance.now() - started),
    passed: !results.some((result) => result.required && result.status === 'fail'),
    counts,
    results,
  };
}
