// Pure formatting helpers shared by the `usage` CLI and the dashboard, so a number reads the same in both.
// No Node or DOM APIs here.

export type CurrencyCode = 'USD' | 'CNY';

export const CURRENCY_SYMBOLS: Readonly<Record<CurrencyCode, string>> = { USD: '$', CNY: '¥' };

/** Amounts per currency; never converted into each other (there is no honest exchange rate to pick). */
export type CostTotals = Partial<Record<CurrencyCode, number>>;

const TOKEN_UNITS: ReadonlyArray<{ size: number; suffix: string }> = [
  { size: 1e9, suffix: 'B' },
  { size: 1e6, suffix: 'M' },
  { size: 1e3, suffix: 'K' },
];

/** Two decimals with trailing zeros trimmed: 1.50 → "1.5", 2.00 → "2". */
export function trimmedFixed(value: number, decimals = 2): string {
  const fixed = value.toFixed(decimals);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** 999 → "999", 1234 → "1.23K", 1_500_000 → "1.5M", 2e9 → "2B". */
export function formatTokens(count: number): string {
  const sign = count < 0 ? '-' : '';
  const magnitude = Math.abs(count);
  for (let index = 0; index < TOKEN_UNITS.length; index++) {
    const unit = TOKEN_UNITS[index];
    if (!unit || magnitude < unit.size) continue;
    const scaled = Number((magnitude / unit.size).toFixed(2));
    // 999_999 rounds to "1000K"; the next unit up reads better.
    const larger = TOKEN_UNITS[index - 1];
    if (scaled >= 1000 && larger) return sign + trimmedFixed(magnitude / larger.size) + larger.suffix;
    return sign + trimmedFixed(magnitude / unit.size) + unit.suffix;
  }
  // Below 1000 a rounded integer (token counts are integers; averages may not be).
  const rounded = Number(magnitude.toFixed(0));
  if (rounded >= 1000) return `${sign}1K`;
  return sign + String(rounded);
}

/** "$1.20", "¥3.40". Sub-cent amounts keep enough digits not to read as zero ("$0.0004"). */
export function formatMoney(amount: number, currency: CurrencyCode): string {
  const symbol = CURRENCY_SYMBOLS[currency];
  const magnitude = Math.abs(amount);
  let text = magnitude.toFixed(2);
  if (magnitude > 0 && magnitude < 0.005) {
    // Two significant digits, then trailing zeros dropped: 0.0004 → "0.0004", 0.00123 → "0.0012".
    text = magnitude.toFixed(Math.min(8, 1 - Math.floor(Math.log10(magnitude)))).replace(/0+$/, '');
  }
  const sign = amount < 0 ? '-' : '';
  return `${sign}${symbol}${text}`;
}

/**
 * Totals as a list, USD first then CNY. A currency whose total is 0 is left out when another one has money
 * (a failed zero-token attempt priced in USD should not print "$0.00 + ¥3.40").
 */
export function costList(totals: CostTotals): Array<{ amount: number; currency: CurrencyCode }> {
  const all = (Object.keys(CURRENCY_SYMBOLS) as CurrencyCode[]).flatMap((currency) => {
    const amount = totals[currency];
    return amount === undefined ? [] : [{ amount, currency }];
  });
  const nonZero = all.filter((cost) => cost.amount !== 0);
  return nonZero.length ? nonZero : all.slice(0, 1);
}

/** "$1.20 + ¥3.40"; "-" when nothing is priced. Never converts between currencies. */
export function formatCostTotals(totals: CostTotals, empty = '-'): string {
  const parts = costList(totals).map((cost) => formatMoney(cost.amount, cost.currency));
  return parts.length ? parts.join(' + ') : empty;
}

export function addCost(totals: CostTotals, cost: { amount: number; currency: CurrencyCode } | null): void {
  if (!cost) return;
  totals[cost.currency] = (totals[cost.currency] ?? 0) + cost.amount;
}

/** 850 → "850 ms", 1234 → "1.23 s", 83_000 → "1m 23s"; null → "-". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trimmedFixed(ms / 1000)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (minutes < 60) return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** 1234567 → "1,234,567". Locale-independent, so tests and screenshots agree everywhere. */
export function formatCount(count: number): string {
  const rounded = Math.round(count);
  const digits = String(Math.abs(rounded));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `-${grouped}` : grouped;
}

/**
 * Terminal columns a string occupies: East Asian wide characters (CJK, full-width forms, most emoji) take two,
 * so model names like "豆包" still line up.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    if (code >= 0x300 && code <= 0x36f) continue; // combining marks
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
}

/** A horizontal rule row, drawn across every column (before subtotal and total rows). */
export const TABLE_RULE = Symbol('table-rule');
export type TableRow = ReadonlyArray<string> | typeof TABLE_RULE;

/**
 * Plain-text table: header, a dashed line under it, cells padded to the widest value, numbers right-aligned.
 * Two spaces between columns; no trailing spaces, so output diffs cleanly.
 */
export function formatTable(columns: ReadonlyArray<TableColumn>, rows: ReadonlyArray<TableRow>): string {
  const widths = columns.map((column) => displayWidth(column.header));
  for (const row of rows) {
    if (row === TABLE_RULE) continue;
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, displayWidth(cell));
    });
  }
  const pad = (cell: string, index: number): string => {
    const width = widths[index] ?? 0;
    const fill = ' '.repeat(Math.max(0, width - displayWidth(cell)));
    return columns[index]?.align === 'right' ? fill + cell : cell + fill;
  };
  const line = (cells: ReadonlyArray<string>): string =>
    columns
      .map((_, index) => pad(cells[index] ?? '', index))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const out = [line(columns.map((column) => column.header)), rule];
  for (const row of rows) out.push(row === TABLE_RULE ? rule : line(row));
  return out.join('\n');
}
