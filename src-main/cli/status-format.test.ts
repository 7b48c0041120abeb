import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatusResponse, TierStatus } from '../../src-shared/contract.ts';
import { deriveHealth } from '../../src-shared/health.ts';
import { allDisabledWarning, disabledPromotedNote, formatStatus, formatTierOrder } from './status-format.ts';

const tiers = [
  { name: 'a', enabled: true },
  { name: 'b', enabled: false },
  { name: 'c', enabled: false },
];

describe('tier order text', () => {
  it('marks disabled tiers', () => {
    assert.equal(formatTierOrder(tiers), 'a → b [disabled] → c [disabled]');
  });

  it('warns only when every tier is disabled', () => {
    assert.equal(allDisabledWarning(tiers), undefined);
    assert.match(allDisabledWarning(tiers.slice(1)) ?? '', /every tier is disabled/);
    assert.equal(allDisabledWarning([]), undefined);
  });

  it('notes disabled tiers that reset -v put first', () => {
    assert.equal(disabledPromotedNote(tiers, ['a']), undefined);
    assert.match(disabledPromotedNote(tiers, ['b', 'a']) ?? '', /^note: b is disabled, so requests skip it/);
    assert.match(
      disabledPromotedNote(tiers, ['c', 'b']) ?? '',
      /^note: c, b are disabled, so requests skip them/,
    );
  });
});

describe('status text', () => {
  const NOW = Date.parse('2026-12-01T10:00:00Z');
  const tier = (name: string, circuit: Partial<TierStatus['circuit']> = {}): TierStatus => ({
    name,
    kind: 'anthropic-compatible',
    enabled: true,
    circuit: { state: 'closed', failures: 0, recoveryMs: 30_000, ...circuit },
    quota: [],
  });
  const statusOf = (tiers: TierStatus[], activeTier: string | null): StatusResponse => ({
    tiers,
    health: deriveHealth(tiers, NOW),
    activeTier,
    version: '0.1.0',
    baseUrl: 'http://127.0.0.1:8046',
  });
  const open = (failures: number) => ({ state: 'open' as const, failures, retryAt: NOW + 42_000 });

  it('marks the tier the next request goes to, not the one that served last', () => {
    const text = formatStatus(statusOf([tier('a', open(1)), tier('b')], 'a'), NOW);
    assert.match(text, /^1\. a \(anthropic-compatible\)$/m);
    assert.match(text, /^2\. b \(anthropic-compatible\) {2}← serving$/m);
    assert.match(text, /^health: degraded — b takes the next request/m);
    assert.match(text, /breaker: open \(back in 42 s, 1 failure\)/);
  });

  it('says the chain is down, and when a tier may serve again, when every tier is blocked', () => {
    const text = formatStatus(statusOf([tier('a', open(3)), tier('b', open(2))], 'b'), NOW);
    assert.doesNotMatch(text, /← serving/);
    assert.match(text, /^health: down — no tier can take a request; a tier may take requests again in 42 s/m);
    assert.match(text, /3 failures/);
  });

  it('shows a quota the vendor reported exhausted, with no configured guard', () => {
    const blocked: TierStatus = {
      ...tier('copilot'),
      vendorQuota: { until: NOW + 3_600_000, reason: 'quota or balance used up', reportedAt: NOW },
    };
    const text = formatStatus(statusOf([blocked], 'copilot'), NOW);
    assert.match(
      text,
      /^ {3}vendor quota: exhausted by copilot until \S+ \(in 1h 00m\) — quota or balance used up$/m,
    );
    assert.match(text, /^health: down — .* again in 1h 00m/m);
  });
});
