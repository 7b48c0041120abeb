import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UsageSummaryResponse } from '../../src-shared/contract.ts';
import { localDateKey } from '../core/ledger/period-buckets.ts';
import { ALL_AVAILABILITIES, NOW, statusOf, tierStatus } from './tier-fixtures.test-support.ts';
import {
  baseUrlExport,
  buildTrayModel,
  formatTodayLine,
  problemLine,
  type TrayInput,
  todayUsageFrom,
} from './tray-model.ts';

function input(overrides: Partial<TrayInput> = {}): TrayInput {
  return {
    status: statusOf([tierStatus('anthropic'), tierStatus('zhipu')]),
    today: { requests: 12, tokens: 1_234_000, cost: [{ amount: 3.4, currency: 'USD' }] },
    platform: 'linux',
    launchAtLogin: false,
    now: NOW,
    ...overrides,
  };
}

const tierItems = (model: ReturnType<typeof buildTrayModel>) =>
  model.menu.filter((item) => item.type === 'tier');

describe('tray model', () => {
  it('shows the primary icon and checks the primary tier when the first tier is ready', () => {
    const model = buildTrayModel(input());
    assert.equal(model.health, 'primary');
    assert.equal(model.icon, 'tray-primary.png');
    assert.equal(model.tooltip, 'coding-proxy — serving via anthropic (primary)');
    assert.deepEqual(
      tierItems(model).map((item) => [item.label, item.checked]),
      [
        ['anthropic — ready', true],
        ['zhipu — ready', false],
      ],
    );
    assert.deepEqual(model.menu[0], { type: 'label', label: 'Running on :8046 · via anthropic' });
  });

  it('shows degraded with the serving tier and why the primary is skipped', () => {
    const model = buildTrayModel(
      input({ status: statusOf([tierStatus('anthropic', 'breaker-open'), tierStatus('zhipu')]) }),
    );
    assert.equal(model.health, 'degraded');
    assert.equal(model.tooltip, 'coding-proxy — serving via zhipu (degraded: anthropic breaker open)');
    assert.deepEqual(
      tierItems(model).map((item) => [item.label, item.checked]),
      [
        ['anthropic — breaker open (in 4 min)', false],
        ['zhipu — ready', true],
      ],
    );
  });

  it('shows down with the earliest recovery when no tier can serve', () => {
    const model = buildTrayModel(
      input({
        status: statusOf([
          tierStatus('anthropic', 'breaker-open', NOW + 600_000),
          tierStatus('zhipu', 'quota-blocked', NOW + 45_000),
          tierStatus('kimi', 'sign-in-needed'),
        ]),
      }),
    );
    assert.equal(model.health, 'down');
    assert.equal(model.icon, 'tray-down.png');
    assert.equal(model.tooltip, 'coding-proxy — all tiers unavailable');
    assert.deepEqual(model.menu[0], {
      type: 'label',
      label: 'Running on :8046 · all tiers unavailable · retry in 45 s',
    });
    assert.equal(tierItems(model).filter((item) => item.checked).length, 0);
  });

  it('treats a disabled first tier as not being the primary: the first enabled tier is', () => {
    const model = buildTrayModel(
      input({ status: statusOf([tierStatus('anthropic', 'disabled'), tierStatus('zhipu')]) }),
    );
    assert.equal(model.health, 'primary');
    assert.equal(tierItems(model)[0]?.label, 'anthropic — off');
  });

  it('says plainly when every tier is switched off, instead of "unavailable"', () => {
    const model = buildTrayModel(
      input({ status: statusOf([tierStatus('anthropic', 'disabled'), tierStatus('zhipu', 'disabled')]) }),
    );
    assert.equal(model.health, 'down');
    assert.deepEqual(model.menu[0], { type: 'label', label: 'Running on :8046 · every tier is disabled' });
    assert.equal(model.tooltip, 'coding-proxy — every tier is disabled');
    assert.deepEqual(
      tierItems(model).map((item) => item.label),
      ['anthropic — off', 'zhipu — off'],
    );
  });

  it('covers every combination of two tier states consistently', () => {
    for (const first of ALL_AVAILABILITIES) {
      for (const second of ALL_AVAILABILITIES) {
        const model = buildTrayModel(
          input({ status: statusOf([tierStatus('a', first), tierStatus('b', second)]) }),
        );
        const where = `${first} + ${second}`;
        // The core's summary (src-shared/health.ts): primary when the first enabled tier can take requests
        // (ready, or recovering: the next request probes it), degraded when a later one can, else down.
        const takes = (state: string) => state === 'ready' || state === 'recovering';
        const primaryName = first !== 'disabled' ? 'a' : second !== 'disabled' ? 'b' : null;
        const servingName =
          first !== 'disabled' && takes(first) ? 'a' : second !== 'disabled' && takes(second) ? 'b' : null;
        const expected = servingName === null ? 'down' : servingName === primaryName ? 'primary' : 'degraded';
        assert.equal(model.health, expected, where);
        const checked = tierItems(model).filter((item) => item.checked);
        assert.deepEqual(
          checked.map((item) => item.tier),
          servingName ? [servingName] : [],
          where,
        );
        assert.equal(model.icon, `tray-${expected}.png`, where);
        assert.ok(model.tooltip.startsWith('coding-proxy — '), where);
      }
    }
  });

  it('uses monochrome template icons and a short menu-bar title on macOS', () => {
    const primary = buildTrayModel(input({ platform: 'darwin' }));
    assert.equal(primary.icon, 'tray-primaryTemplate.png');
    assert.equal(primary.title, '');
    const degraded = buildTrayModel(
      input({
        platform: 'darwin',
        status: statusOf([tierStatus('anthropic', 'quota-blocked'), tierStatus('zhipu')]),
      }),
    );
    assert.equal(degraded.icon, 'tray-degradedTemplate.png');
    assert.equal(degraded.title, 'zhipu');
    const down = buildTrayModel(
      input({ platform: 'darwin', status: statusOf([tierStatus('anthropic', 'breaker-open')]) }),
    );
    assert.equal(down.icon, 'tray-downTemplate.png');
    assert.equal(down.title, 'down');
    assert.equal(buildTrayModel(input({ platform: 'win32' })).title, '');
  });

  it('lists the actions in order, with launch at login and silence as toggles', () => {
    const model = buildTrayModel(input({ launchAtLogin: true, notificationsSilenced: false }));
    const actions = model.menu.flatMap((item) =>
      item.type === 'action' || item.type === 'toggle' ? [item] : [],
    );
    assert.deepEqual(
      actions.map((item) => item.label),
      [
        'Reset all breakers',
        'Copy ANTHROPIC_BASE_URL',
        'Open dashboard',
        'Open log file',
        'Launch at login',
        'Silence notifications',
        'Import configuration…',
        'Quit coding-proxy',
      ],
    );
    const toggles = actions.flatMap((item) => (item.type === 'toggle' ? [[item.action, item.checked]] : []));
    assert.deepEqual(toggles, [
      ['toggle-launch-at-login', true],
      ['toggle-notifications', false],
    ]);
    assert.ok(actions.every((item) => item.enabled));
  });

  it('says why the core is not running and disables the actions that need it', () => {
    const model = buildTrayModel(input({ status: null, problem: 'port 8046 is already in use' }));
    assert.equal(model.health, 'down');
    assert.deepEqual(model.menu[0], { type: 'label', label: 'Not running: port 8046 is already in use' });
    assert.equal(model.tooltip, 'coding-proxy — not running');
    assert.equal(tierItems(model).length, 0);
    const reset = model.menu.find((item) => item.type === 'action' && item.action === 'reset-breakers');
    assert.equal(reset?.type === 'action' && reset.enabled, false);
    const quit = model.menu.find((item) => item.type === 'action' && item.action === 'quit');
    assert.equal(quit?.type === 'action' && quit.enabled, true);
  });

  it('keeps a long start-up problem to one short menu line', () => {
    const problem =
      'port 8046 on 127.0.0.1 is already in use — is coding-proxy (the CLI or the tray app) already running? Check with `coding-proxy status`, or choose another port.';
    const model = buildTrayModel(input({ status: null, problem }));
    assert.deepEqual(model.menu[0], {
      type: 'label',
      label: 'Not running: port 8046 on 127.0.0.1 is already in use',
    });
    assert.equal(problemLine('x'.repeat(200)).length, 90);
    assert.match(problemLine('x'.repeat(200)), /…$/);
  });

  it('mentions a ledger problem in the menu', () => {
    const status = { ...statusOf([tierStatus('anthropic')]), ledgerProblem: 'usage.db is locked' };
    const model = buildTrayModel(input({ status }));
    assert.ok(
      model.menu.some(
        (item) => item.type === 'label' && item.label === 'Usage not recorded: usage.db is locked',
      ),
    );
  });
});

describe("today's usage line", () => {
  it('shows tokens, each currency separately and the request count', () => {
    assert.equal(
      formatTodayLine({
        requests: 1,
        tokens: 1500,
        cost: [
          { amount: 1.2, currency: 'USD' },
          { amount: 3.4, currency: 'CNY' },
        ],
      }),
      'Today: 1.5K tokens · $1.20 + ¥3.40 · 1 request',
    );
    assert.equal(
      formatTodayLine({ requests: 0, tokens: 0, cost: [] }),
      'Today: 0 tokens · $0.00 · 0 requests',
    );
    assert.equal(formatTodayLine(null), 'Today: usage not available');
  });

  it("sums only the hour buckets of today's local date from a 24h summary", () => {
    const today = localDateKey(new Date(NOW));
    const yesterday = localDateKey(new Date(NOW - 24 * 3600_000));
    const point = (bucket: string, tokens: number, amount: number) => ({
      bucket,
      key: 'anthropic',
      requests: 1,
      inputTokens: tokens,
      outputTokens: 10,
      cacheCreationTokens: 0,
      cacheReadTokens: 0,
      failovers: 0,
      failedAttempts: 0,
      cost: [{ amount, currency: 'USD' }],
    });
    const summary = {
      range: '24h',
      buckets: [],
      byCategory: [],
      categories: [],
      traffic: [],
      unpriced: [],
      today: { requests: 0, errors: 0, tokens: 0, cost: [], unpricedTokens: 0 },
      byVendor: [
        point(`${yesterday}T23`, 1000, 5),
        point(`${today}T01`, 100, 1),
        point(`${today}T02`, 200, 0.5),
      ],
      byModel: [],
      totals: {} as UsageSummaryResponse['totals'],
    } satisfies UsageSummaryResponse;
    assert.deepEqual(todayUsageFrom(summary, NOW), {
      requests: 2,
      tokens: 320,
      cost: [{ amount: 1.5, currency: 'USD' }],
    });
  });
});

it('copies a ready-to-paste export line', () => {
  assert.equal(baseUrlExport('http://127.0.0.1:8046'), 'export ANTHROPIC_BASE_URL=http://127.0.0.1:8046');
});
