import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

// Day boundaries are local: pin the zone (UTC+8) before any Date is made.
process.env.TZ = 'Asia/Shanghai';

const { Command, CommanderError } = await import('commander');
const { failoverRequest, makeAttempt } = await import('../core/ledger/fixtures/attempt-fixture.ts');
const { openLedger } = await import('../core/ledger/ledger-writer.ts');
const { pricingEntrySchema } = await import('../core/ledger/pricing.ts');
const { registerUsageCommand } = await import('./usage-command.ts');

const root = mkdtempSync(join(tmpdir(), 'usage-command-'));
after(() => rmSync(root, { recursive: true, force: true }));
const now = Date.parse('2026-05-03T04:00:00.000Z'); // 12:00 local, Sunday 2026-05-03
const dataDir = join(root, 'filled');

before(() => {
  const ledger = openLedger({ dataDir, now: () => now });
  const today = '2026-05-03T01:00:00.000Z';
  // anthropic served 1 request after zhipu failed: 1.2M input, 300K output on claude-sonnet-4-5.
  for (const attempt of failoverRequest('r1', ['zhipu'], 'anthropic', {
    ts: today,
    inputTokens: 1_200_000,
    outputTokens: 300_000,
    cacheReadTokens: 1_000_000,
    durationMs: 2000,
    ttfbMs: 500,
  }))
    ledger.record(attempt);
  // zhipu served one directly yesterday: 1M in / 100K out on glm-5.1 (¥6 + ¥2.4 = ¥8.40).
  ledger.record(
    makeAttempt({
      ts: '2026-05-02T03:00:00.000Z',
      requestId: 'r2',
      vendor: 'zhipu',
      modelServed: 'glm-5.1',
      inputTokens: 1_000_000,
      outputTokens: 100_000,
      durationMs: 1000,
      ttfbMs: 300,
    }),
  );
  // Outside the last 7 days, inside "total".
  ledger.record(
    makeAttempt({
      ts: '2026-03-01T03:00:00.000Z',
      requestId: 'r3',
      vendor: 'kimi',
      modelServed: 'mystery-1',
    }),
  );
  ledger.close();
});

async function run(args: string[], options: { dir?: string; pricing?: unknown[] } = {}) {
  let stdout = '';
  let notes = '';
  let commanderErrors = '';
  const program = new Command();
  program.exitOverride();
  program.configureOutput({
    writeOut: (text) => {
      stdout += text;
    },
    writeErr: (text) => {
      commanderErrors += text;
    },
  });
  registerUsageCommand(program, {
    resolveDataDir: (flag) => flag ?? options.dir ?? dataDir,
    now: () => now,
    write: (text) => {
      stdout += text;
    },
    writeNote: (text) => {
      notes += text;
    },
    ...(options.pricing
      ? {
          loadPricing: () => ({
            overrides: (options.pricing ?? []).map((entry) => pricingEntrySchema.parse(entry)),
            vendorKinds: {},
          }),
        }
      : {}),
  });
  await program.parseAsync(['usage', ...args], { from: 'user' });
  return { stdout, notes, commanderErrors };
}

describe('coding-proxy usage --json', () => {
  it('prints exactly the documented shape, costs per row in their own currency', async () => {
    const { stdout } = await run(['--json']);
    assert.deepEqual(JSON.parse(stdout), {
      rows: [
        {
          date: '2026-05-03',
          vendor: 'anthropic',
          modelRequested: 'claude-sonnet-4-5',
          modelServed: 'claude-sonnet-4-5-20250929',
          clientCategory: 'cc',
          requests: 1,
          inputTokens: 1_200_000,
          outputTokens: 300_000,
          cacheCreationTokens: 0,
          cacheReadTokens: 1_000_000,
          failovers: 1,
          avgDurationMs: 2000,
          avgTtfbMs: 500,
          // 1.2M × $3 + 0.3M × $15 + 1M × $0.30
          cost: { amount: 8.4, currency: 'USD' },
        },
        {
          date: '2026-05-03',
          vendor: 'zhipu',
          modelRequested: 'claude-sonnet-4-5',
          modelServed: 'claude-sonnet-4-5-20250929',
          clientCategory: 'cc',
          requests: 0,
          inputTokens: 0,
          outputTokens: 0,
          cacheCreationTokens: 0,
          cacheReadTokens: 0,
          failovers: 0,
          avgDurationMs: null,
          avgTtfbMs: null,
          cost: { amount: 0, currency: 'USD' },
        },
        {
          date: '2026-05-02',
          vendor: 'zhipu',
          modelRequested: 'claude-sonnet-4-5',
          modelServed: 'glm-5.1',
          clientCategory: 'cc',
          requests: 1,
          inputTokens: 1_000_000,
          outputTokens: 100_000,
          cacheCreationTokens: 0,
          cacheReadTokens: 0,
          failovers: 0,
          avgDurationMs: 1000,
          avgTtfbMs: 300,
          cost: { amount: 8.4, currency: 'CNY' },
        },
      ],
      failovers: [{ from: 'zhipu', to: 'anthropic', count: 1 }],
    });
  });

  it('gives cost null for a served model without a price, and applies config price overrides', async () => {
    const plain = JSON.parse((await run(['-t', '--json', '-v', 'kimi'])).stdout);
    assert.deepEqual(
      plain.rows.map((row: { date: string; cost: unknown }) => [row.date, row.cost]),
      [['total', null]],
    );
    const priced = JSON.parse(
      (
        await run(['-t', '--json', '-v', 'kimi'], {
          pricing: [{ vendor: 'kimi', model: 'mystery-1', input: '¥1' }],
        })
      ).stdout,
    );
    assert.deepEqual(priced.rows[0].cost, { amount: 0.001, currency: 'CNY' });
  });

  it('takes -t over -m over -w over -d', async () => {
    const dates = async (args: string[]) =>
      JSON.parse((await run([...args, '--json'])).stdout).rows.map((row: { date: string }) => row.date);
    assert.deepEqual(await dates(['-d', '1', '-w', '1', '-m', '3', '-t']), [
      'total',
      'total',
      'total',
      'total',
    ]);
    assert.deepEqual(await dates(['-d', '1', '-w', '1', '-m', '3']), [
      '2026-05',
      '2026-05',
      '2026-05',
      '2026-03',
    ]);
    assert.deepEqual(await dates(['-d', '1', '-w', '1']), ['2026-W18', '2026-W18', '2026-W18']);
    assert.deepEqual(await dates(['-d', '1']), ['2026-05-03', '2026-05-03']);
  });

  it('filters by vendor list and by model', async () => {
    const vendors = JSON.parse((await run(['--json', '-v', 'zhipu, kimi'])).stdout).rows.map(
      (row: { vendor: string }) => row.vendor,
    );
    assert.deepEqual(vendors, ['zhipu', 'zhipu']);
    const models = JSON.parse((await run(['--json', '--model', 'glm-5.1'])).stdout).rows.map(
      (row: { modelServed: string }) => row.modelServed,
    );
    assert.deepEqual(models, ['glm-5.1']);
  });
});

describe('coding-proxy usage (tables)', () => {
  it('prints aligned columns, token units, costs per currency, subtotals, a total and the failovers', async () => {
    const { stdout } = await run([]);
    const lines = stdout.split('\n');
    assert.equal(lines[0], 'Token usage (the last 7 days: 2026-04-27 – 2026-05-03)');
    const header = lines[2] ?? '';
    assert.match(header, /^Date\s+Vendor\s+Requested\s+Served\s+Requests\s+Failed\s+Input\s+Output/);
    const anthropicRow = lines.find((line) => line.startsWith('2026-05-03  anthropic')) ?? '';
    assert.match(anthropicRow, /1\.2M\s+300K\s+0\s+1M\s+2\.5M\s+\$8\.40\s+2 s\s+500 ms\s+1$/);
    // Right-aligned numbers end in the same column as their header.
    const costEnd = header.indexOf('Cost') + 'Cost'.length;
    assert.equal(anthropicRow.indexOf('$8.40') + '$8.40'.length, costEnd);
    assert.ok(lines.some((line) => /^\s+anthropic subtotal\s/.test(line)));
    assert.ok(lines.some((line) => /^\s+zhipu subtotal\s.*¥8\.40/.test(line)));
    const total = lines.find((line) => line.startsWith('Total')) ?? '';
    assert.match(total, /\$8\.40 \+ ¥8\.40/);
    // Request-weighted average latency over the two served requests.
    assert.match(total, /1\.5 s\s+400 ms\s+1$/);
    const failoverAt = lines.indexOf('Failovers');
    assert.ok(failoverAt > 0);
    assert.match(lines[failoverAt + 4] ?? '', /^zhipu\s+→\s+anthropic\s+1$/);
  });

  it('says so when nothing was recorded in the period', async () => {
    const empty = join(root, 'empty');
    openLedger({ dataDir: empty }).close();
    assert.equal((await run([], { dir: empty })).stdout, 'No usage recorded in the last 7 days.\n');
    assert.equal((await run(['-d', '1'], { dir: empty })).stdout, 'No usage recorded today.\n');
    assert.equal((await run(['-t'], { dir: empty })).stdout, 'No usage recorded yet.\n');
  });

  it('explains a missing database in one sentence instead of failing', async () => {
    const missing = join(root, 'never-ran');
    const table = await run(['--data-dir', missing]);
    assert.equal(
      table.stdout,
      `No usage database at ${join(missing, 'usage.db')}: nothing has been recorded yet.\n`,
    );
    const json = await run(['--json', '--data-dir', missing]);
    assert.deepEqual(JSON.parse(json.stdout), { rows: [], failovers: [] });
    assert.match(json.notes, /nothing has been recorded yet/);
  });

  it('fails with exit code 1 and a clear message when usage.db is corrupt', async () => {
    const corrupt = join(root, 'corrupt');
    mkdirSync(corrupt, { recursive: true });
    writeFileSync(join(corrupt, 'usage.db'), 'garbage '.repeat(500));
    await assert.rejects(
      run(['--data-dir', corrupt]),
      (error: unknown) =>
        error instanceof CommanderError &&
        error.exitCode === 1 &&
        /usage\.db is not a SQLite database \(file is corrupt\): cannot read usage/.test(error.message),
    );
  });

  it('rejects a count that is not a whole number', async () => {
    await assert.rejects(run(['-d', 'many']), (error: unknown) => error instanceof CommanderError);
  });

  it('splits Claude Code from API passthrough traffic when both exist (table and --json)', async () => {
    const mixed = join(root, 'mixed');
    const ledger = openLedger({ dataDir: mixed, now: () => now });
    ledger.record(makeAttempt({ ts: '2026-05-03T01:00:00.000Z', requestId: 'c1', vendor: 'anthropic' }));
    ledger.record(
      makeAttempt({
        ts: '2026-05-03T01:05:00.000Z',
        requestId: 'p1',
        vendor: 'openai',
        modelRequested: 'gpt-4o',
        modelServed: 'gpt-4o-2024-08-06',
        clientCategory: 'api',
        operation: 'chat',
        endpoint: '/v1/chat/completions',
      }),
    );
    ledger.close();
    const json = JSON.parse((await run(['--json', '--data-dir', mixed])).stdout) as {
      rows: Array<{ vendor: string; clientCategory: string }>;
    };
    assert.deepEqual(
      json.rows.map((row) => [row.clientCategory, row.vendor]),
      [
        ['cc', 'anthropic'],
        ['api', 'openai'],
      ],
    );
    const table = (await run(['--data-dir', mixed])).stdout;
    assert.match(table, /Client\s+Vendor/);
    assert.match(table, /2026-05-03\s+API\s+openai\s+gpt-4o/);
    assert.match(table, /Claude Code\s+subtotal/);
    assert.match(table, /API\s+subtotal/);
  });
});
