// `coding-proxy usage`: token usage, cost and failovers per day / week / month, read from usage.db.
// Flags keep the original's names and precedence (-t > -m > -w > -d); `--data-dir`/`--db` actually locate
// the database (the original passed `--db` to the config loader by mistake).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import {
  formatCostTotals,
  formatDuration,
  formatMoney,
  formatTable,
  formatTokens,
  TABLE_RULE,
  type TableColumn,
  type TableRow,
} from '../../src-shared/format.ts';
import { describePeriod, localDateKey, type UsagePeriod } from '../core/ledger/period-buckets.ts';
import { createPricingTable, type PriceEntry } from '../core/ledger/pricing.ts';
import { USAGE_DB_FILE } from '../core/ledger/schema.ts';
import { type Db, describeDatabaseError, openUsageDatabase } from '../core/ledger/usage-database.ts';
import {
  buildUsageReport,
  type PricedUsageRow,
  summarise,
  type UsageReport,
  type UsageSummary,
} from '../core/ledger/usage-report.ts';

export interface UsageCommandDeps {
  resolveDataDir: (flag?: string) => string;
  /** The user's `pricing:` entries and vendor name → kind, when a config can be loaded. */
  loadPricing?: (dataDir: string) => {
    overrides: ReadonlyArray<PriceEntry>;
    vendorKinds: Readonly<Record<string, string>>;
  };
  now?: () => number;
  /** Where the report goes (default stdout); tests capture it. */
  write?: (text: string) => void;
  /** Notes that are not the report (default stderr). */
  writeNote?: (text: string) => void;
}

interface UsageFlags {
  days: number;
  weeks?: number;
  months?: number;
  total?: boolean;
  vendor?: string[];
  model?: string[];
  dataDir?: string;
  db?: string;
  json?: boolean;
}

function positiveCount(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || !/^\s*\d+\s*$/.test(value))
    throw new InvalidArgumentError('expected a whole number.');
  return Math.max(1, parsed);
}

function commaList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return [...(previous ?? []), ...items];
}

function choosePeriod(flags: UsageFlags): { period: UsagePeriod; count: number } {
  if (flags.total) return { period: 'total', count: 1 };
  if (flags.months !== undefined) return { period: 'month', count: flags.months };
  if (flags.weeks !== undefined) return { period: 'week', count: flags.weeks };
  return { period: 'day', count: flags.days };
}

const roundMoney = (amount: number): number => Math.round(amount * 1e6) / 1e6;

/** The `--json` shape; keys are part of the CLI's contract. */
function toJson(report: UsageReport): unknown {
  return {
    rows: report.rows.map((row) => ({
      date: row.date,
      vendor: row.vendor,
      modelRequested: row.modelRequested,
      modelServed: row.modelServed,
      clientCategory: row.clientCategory,
      requests: row.requests,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      cacheCreationTokens: row.cacheCreationTokens,
      cacheReadTokens: row.cacheReadTokens,
      failovers: row.failovers,
      avgDurationMs: row.avgDurationMs,
      avgTtfbMs: row.avgTtfbMs,
      cost: row.cost ? { amount: roundMoney(row.cost.amount), currency: row.cost.currency } : null,
    })),
    failovers: report.failovers.map(({ from, to, count }) => ({ from, to, count })),
  };
}

function rowCost(row: PricedUsageRow): string {
  if (!row.cost) return '-';
  return row.cost.included ? 'included' : formatMoney(row.cost.amount, row.cost.currency);
}

function summaryCost(summary: UsageSummary): string {
  const nothingMissing = summary.unpricedRows === 0 && summary.includedRows > 0;
  return formatCostTotals(summary.cost, nothingMissing ? 'included' : '-');
}

function totalTokens(row: UsageSummary | PricedUsageRow): number {
  return row.inputTokens + row.outputTokens + row.cacheCreationTokens + row.cacheReadTokens;
}

function title(report: UsageReport): string {
  const words = describePeriod(report.period, report.count);
  if (!report.since || !report.until) return `Token usage (${words})`;
  const lastDay = new Date(new Date(report.until).getTime() - 1);
  return `Token usage (${words}: ${localDateKey(new Date(report.since))} – ${localDateKey(lastDay)})`;
}

export function renderUsageTable(report: UsageReport): string {
  const showFailed = report.total.failedAttempts > 0;
  // Claude Code (`cc`) and API passthrough (`api`) rows are told apart only when both kinds exist.
  const showClient = report.rows.some((row) => row.clientCategory === 'api');
  const client = (category: string) =>
    showClient ? [category === 'api' ? 'API' : category === 'cc' ? 'Claude Code' : ''] : [];
  const periodHeader = { day: 'Date', week: 'Week', month: 'Month', total: 'Period' }[report.period];
  const columns: TableColumn[] = [
    { header: periodHeader },
    ...(showClient ? [{ header: 'Client' }] : []),
    { header: 'Vendor' },
    { header: 'Requested' },
    { header: 'Served' },
    { header: 'Requests', align: 'right' },
    ...(showFailed ? [{ header: 'Failed', align: 'right' as const }] : []),
    { header: 'Input', align: 'right' },
    { header: 'Output', align: 'right' },
    { header: 'Cache write', align: 'right' },
    { header: 'Cache read', align: 'right' },
    { header: 'Total', align: 'right' },
    { header: 'Cost', align: 'right' },
    { header: 'Avg', align: 'right' },
    { header: 'TTFB', align: 'right' },
    { header: 'Failovers', align: 'right' },
  ];
  const numbers = (row: UsageSummary | PricedUsageRow, cost: string): string[] => [
    String(row.requests),
    ...(showFailed ? [String(row.failedAttempts)] : []),
    formatTokens(row.inputTokens),
    formatTokens(row.outputTokens),
    formatTokens(row.cacheCreationTokens),
    formatTokens(row.cacheReadTokens),
    formatTokens(totalTokens(row)),
    cost,
    formatDuration(row.avgDurationMs),
    formatDuration(row.avgTtfbMs),
    String(row.failovers),
  ];
  const rows: TableRow[] = report.rows.map((row) => [
    row.date,
    ...client(row.clientCategory),
    row.vendor,
    row.modelRequested,
    row.modelServed,
    ...numbers(row, rowCost(row)),
  ]);
  rows.push(TABLE_RULE);
  if (report.vendorSubtotals.length > 1) {
    for (const subtotal of report.vendorSubtotals) {
      rows.push([
        '',
        ...client(''),
        `${subtotal.vendor} subtotal`,
        '',
        '',
        ...numbers(subtotal, summaryCost(subtotal)),
      ]);
    }
    rows.push(TABLE_RULE);
  }
  if (showClient) {
    for (const category of ['cc', 'api'] as const) {
      const subtotal = summarise(report.rows.filter((row) => row.clientCategory === category));
      rows.push(['', ...client(category), 'subtotal', '', '', ...numbers(subtotal, summaryCost(subtotal))]);
    }
    rows.push(TABLE_RULE);
  }
  rows.push(['Total', ...client(''), '', '', '', ...numbers(report.total, summaryCost(report.total))]);

  const out = [title(report), '', formatTable(columns, rows)];
  if (report.total.unpricedRows > 0) {
    out.push('', 'Cost "-": no price for that served model; add one under `pricing:` in the config.');
  }
  if (report.failovers.length) {
    const failoverRows = report.failovers.map((item) => [item.from, '→', item.to, String(item.count)]);
    out.push(
      '',
      'Failovers',
      '',
      formatTable(
        [{ header: 'From' }, { header: '' }, { header: 'To' }, { header: 'Count', align: 'right' }],
        failoverRows,
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

function emptyMessage(period: UsagePeriod, count: number): string {
  if (period === 'total') return 'No usage recorded yet.';
  const words = describePeriod(period, count);
  return words.startsWith('the ') ? `No usage recorded in ${words}.` : `No usage recorded ${words}.`;
}

export function registerUsageCommand(program: Command, deps: UsageCommandDeps): void {
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  const writeNote = deps.writeNote ?? ((text: string) => process.stderr.write(text));
  program
    .command('usage')
    .description('token usage, cost and failovers recorded by the proxy')
    .option('-d, --days <n>', 'the last N days, today included', positiveCount, 7)
    .option('-w, --weeks <n>', 'the last N weeks (Monday to Sunday, local time)', positiveCount)
    .option('-m, --months <n>', 'the last N calendar months', positiveCount)
    .option('-t, --total', 'everything recorded')
    .option('-v, --vendor <names>', 'only these vendors (comma-separated)', commaList)
    .option('--model <names>', 'only these models, served or requested (comma-separated)', commaList)
    .option('--data-dir <dir>', 'the data directory holding usage.db')
    .option('--db <file>', 'a usage.db file to read instead')
    .option('--json', 'print JSON instead of tables')
    .action(function (this: Command, flags: UsageFlags) {
      const path = flags.db ?? join(deps.resolveDataDir(flags.dataDir), USAGE_DB_FILE);
      const { period, count } = choosePeriod(flags);
      if (!existsSync(path)) {
        const sentence = `No usage database at ${path}: nothing has been recorded yet.\n`;
        if (flags.json) {
          write(`${JSON.stringify({ rows: [], failovers: [] }, null, 2)}\n`);
          writeNote(sentence);
        } else write(sentence);
        return;
      }
      let db: Db;
      try {
        db = openUsageDatabase(path, { mustExist: true });
      } catch (error) {
        this.error(describeDatabaseError(error, path, 'cannot read usage'), {
          exitCode: 1,
          code: 'usage.database',
        });
      }
      try {
        const config = deps.loadPricing?.(deps.resolveDataDir(flags.dataDir));
        const report = buildUsageReport(db, {
          period,
          count,
          vendors: flags.vendor,
          models: flags.model,
          now: (deps.now ?? Date.now)(),
          pricing: createPricingTable(config?.overrides ?? []),
          vendorKinds: config?.vendorKinds,
        });
        if (flags.json) write(`${JSON.stringify(toJson(report), null, 2)}\n`);
        else if (report.rows.length === 0) write(`${emptyMessage(period, count)}\n`);
        else write(renderUsageTable(report));
      } finally {
        db.close();
      }
    });
}
