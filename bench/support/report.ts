/** One line of the printed table: a figure, the baseline it is paired with, their ratio and the budget on it. */
export interface Row {
  readonly figure: string;
  readonly measure: string;
  readonly ours: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly budget?: BudgetCheck;
}

export interface BudgetCheck {
  /** What must hold, e.g. `≥ 0.90× jose`. */
  readonly limit: string;
  readonly pass: boolean;
}

export interface FigureResult {
  readonly rows: readonly Row[];
  /** Everything measured, for the JSON result file. */
  readonly data: Record<string, unknown>;
}

export function budget(limit: string, pass: boolean): BudgetCheck {
  return { limit, pass };
}

export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a';
}

export function formatRate(opsPerSecond: number, unit = 'ops/s'): string {
  return `${Math.round(opsPerSecond).toLocaleString('en-US')} ${unit}`;
}

export function formatMs(ms: number, digits = 2): string {
  return `${ms.toFixed(digits)} ms`;
}

export function renderTable(rows: readonly Row[]): string {
  const header = ['#', 'measure', 'ours', 'baseline (same run)', 'ratio', 'budget', 'result'];
  const lines = rows.map((row) => [
    row.figure,
    row.measure,
    row.ours,
    row.baseline,
    row.ratio,
    row.budget?.limit ?? '',
    row.budget === undefined ? '' : row.budget.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [render(header), rule, ...lines.map(render)].join('\n');
}
