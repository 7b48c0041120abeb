// One line of the benchmark table: a figure, its unit, and (when there is one) its target and whether it is met.
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
  pass?: boolean;
}

export const round = (value: number, digits = 2): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

export function printTable(rows: BenchRow[]): void {
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  const valueWidth = Math.max(...rows.map((r) => `${r.value} ${r.unit}`.length));
  for (const row of rows) {
    const mark = row.pass === undefined ? ' ' : row.pass ? '✓' : '✗';
    const target = row.target ? `  target ${row.target}` : '';
    console.log(
      `${mark} ${row.name.padEnd(nameWidth)}  ${`${row.value} ${row.unit}`.padStart(valueWidth)}${target}`,
    );
  }
}

/** Markdown version for docs/performance.md. */
export function markdownTable(rows: BenchRow[]): string {
  const lines = ['| | figure | value | target |', '|---|---|---:|---|'];
  for (const row of rows) {
    const mark = row.pass === undefined ? '' : row.pass ? '✓' : '✗';
    lines.push(`| ${mark} | ${row.name} | ${row.value} ${row.unit} | ${row.target ?? ''} |`);
  }
  return lines.join('\n');
}
