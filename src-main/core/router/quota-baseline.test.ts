import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { parseConfig } from '../../../src-shared/config-schema.ts';
import { openLedger } from '../ledger/ledger-writer.ts';
import { createAnthropicAdapter } from '../vendors/anthropic/adapter.ts';
import type { AttemptRecord } from '../common/attempt-record.ts';
import { seedQuotaBaselines } from './quota-baseline.ts';
import { Tier } from './tier.ts';
import { TierChain } from './tier-chain.ts';

it('restores quota windows from the ledger after a restart, expiring usage when it really leaves the window', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-baseline-'));
  let clock = Date.parse('2026-11-26T10:00:00Z');
  const ledger = openLedger({ dataDir: dir, now: () => clock });
  const row = (minutesAgo: number, tokens: number, success = true): AttemptRecord => ({
    ts: new Date(clock - minutesAgo * 60_000).toISOString(),
    requestId: `r${minutesAgo}`,
    attempt: 0,
    vendor: 'anthropic',
    modelRequested: 'claude-sonnet-4-5',
    modelServed: 'claude-sonnet-4-5',
    inputTokens: tokens,
    outputTokens: 0,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    durationMs: 1,
    ttfbMs: 1,
    stream: true,
    success,
    status: success ? 200 : 529,
    errorClass: null,
    errorMessage: null,
    failover: false,
    failoverFrom: null,
    upstreamRequestId: null,
    sessionKey: '',
    clientCategory: 'cc',
    skipped: [],
  });
  ledger.record(row(400, 1000)); // outside a 5 h window
  ledger.record(row(240, 300));
  ledger.record(row(10, 200));
  ledger.record(row(5, 999, false)); // failed attempts spend no quota
  ledger.flush();
  const parsed = parseConfig({
    vendors: [{ name: 'anthropic', kind: 'anthropic', quotaGuards: [{ windowHours: 5, tokenBudget: 1000 }] }],
  });
  assert.ok(parsed.ok);
  const vendor = parsed.config.vendors[0]!;
  const chain = new TierChain([new Tier(vendor, createAnthropicAdapter(vendor), () => clock)], ['anthropic']);
  seedQuotaBaselines(chain, ledger);
  assert.equal(chain.status('anthropic').quota[0]?.usedTokens, 500);
  clock += 61 * 60_000; // the 240-minute-old usage has now left the 5 h window
  assert.equal(chain.status('anthropic').quota[0]?.usedTokens, 200);
  ledger.close();
  rmSync(dir, { recursive: true, force: true });
});
