import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CoreEvent, TierStatus } from '../../src-shared/contract.ts';
import { createNotificationPolicy, type NotificationSettings } from './notification-policy.ts';
import { NOW, statusOf, tierStatus } from './tier-fixtures.test-support.ts';

function setup(
  settings: Partial<NotificationSettings> = {},
  tiers = [tierStatus('anthropic'), tierStatus('zhipu')],
) {
  let time = NOW;
  const policy = createNotificationPolicy({
    initial: statusOf(tiers),
    now: () => time,
    settings: { holdMs: 10_000, repeatAfterMs: 300_000, ...settings },
  });
  const shown: string[] = [];
  const bodies: string[] = [];
  const show = (notices: ReturnType<typeof policy.tick>) => {
    for (const n of notices) {
      shown.push(`${n.kind}: ${n.title}`);
      bodies.push(n.body);
    }
  };
  const feed = (event: CoreEvent) => show(policy.handle(event));
  const advance = (ms: number) => {
    time += ms;
    show(policy.tick());
  };
  const served = (tier: string) =>
    feed({
      type: 'request-finished',
      request: {
        requestKey: `r${time}`,
        servedBy: tier,
        success: true,
        failoverFrom: null,
        durationMs: 5,
        modelRequested: 'claude-sonnet-4-5',
        modelServed: null,
        tokens: 10,
      },
    });
  const tierChanged = (tier: TierStatus) => feed({ type: 'tier-changed', tier });
  return { policy, shown, bodies, feed, advance, served, tierChanged, now: () => time };
}

describe('leaving and returning to the primary tier', () => {
  it('announces a failover once per incident after it held for the hold time', () => {
    const t = setup();
    t.served('zhipu');
    assert.deepEqual(t.shown, [], 'nothing before the hold time');
    assert.equal(t.policy.nextDueAt(), t.now() + 10_000);
    t.advance(5_000);
    t.served('zhipu');
    t.advance(5_000);
    assert.deepEqual(t.shown, ['left-primary: Failed over to zhipu']);
    t.served('zhipu');
    t.advance(60_000);
    assert.equal(t.shown.length, 1, 'further failed-over requests do not repeat it');
  });

  it('says nothing when the primary serves again within the hold time (a blip)', () => {
    const t = setup();
    t.served('zhipu');
    t.advance(3_000);
    t.served('anthropic');
    t.advance(60_000);
    assert.deepEqual(t.shown, []);
  });

  it('announces the return to the primary only after an announced failover, once it held', () => {
    const t = setup();
    t.served('zhipu');
    t.advance(10_000);
    t.served('anthropic');
    t.advance(9_000);
    assert.equal(t.shown.length, 1);
    t.advance(1_000);
    assert.deepEqual(t.shown, ['left-primary: Failed over to zhipu', 'back-on-primary: Back on anthropic']);
  });

  it('treats a return that does not hold as the same incident', () => {
    const t = setup();
    t.served('zhipu');
    t.advance(10_000);
    t.served('anthropic');
    t.advance(2_000);
    t.served('zhipu');
    t.advance(60_000);
    assert.deepEqual(t.shown, ['left-primary: Failed over to zhipu']);
  });

  it('does not repeat a failover notice within the repeat window, and shows it after if still failed over', () => {
    const t = setup();
    t.served('zhipu');
    t.advance(10_000); // left announced at +10 s
    t.served('anthropic');
    t.advance(10_000); // back announced at +20 s
    t.served('zhipu');
    t.advance(60_000);
    assert.equal(t.shown.length, 2, 'suppressed inside the 5 min window');
    t.advance(230_000); // +310 s: window over, still on zhipu
    assert.deepEqual(t.shown.slice(2), ['left-primary: Failed over to zhipu']);
  });

  it('does not treat a user reorder as a failover', () => {
    const t = setup();
    t.feed({ type: 'order-changed', order: ['zhipu', 'anthropic'] });
    t.served('zhipu');
    t.advance(60_000);
    assert.deepEqual(t.shown, []);
  });

  it('names the reason from the primary tier last error', () => {
    const t = setup();
    t.tierChanged({
      ...tierStatus('anthropic'),
      lastError: { message: 'HTTP 529 overloaded_error', at: NOW },
    });
    t.served('zhipu');
    t.advance(10_000);
    assert.deepEqual(t.bodies, [
      'anthropic is not answering (HTTP 529 overloaded_error); Claude Code requests now go to zhipu.',
    ]);
  });
});

describe('all tiers down', () => {
  it('announces with the earliest recovery time after the hold, and only once', () => {
    const t = setup();
    t.tierChanged(tierStatus('anthropic', 'breaker-open', NOW + 600_000));
    t.tierChanged(tierStatus('zhipu', 'breaker-open', NOW + 130_000));
    assert.deepEqual(t.shown, []);
    t.advance(10_000);
    assert.deepEqual(t.shown, ['all-down: All tiers unavailable']);
    assert.deepEqual(t.bodies, ['Claude Code requests are failing. The first tier may recover in 2 min.']);
    t.tierChanged(tierStatus('zhipu', 'breaker-open', NOW + 130_000));
    t.advance(20_000);
    assert.equal(t.shown.length, 1);
  });

  it('is cancelled when a tier recovers within the hold time', () => {
    const t = setup();
    t.tierChanged(tierStatus('anthropic', 'breaker-open'));
    t.tierChanged(tierStatus('zhipu', 'breaker-open'));
    t.advance(4_000);
    t.tierChanged(tierStatus('zhipu', 'ready'));
    t.advance(20_000);
    assert.deepEqual(t.shown, []);
  });

  it('is dropped when the earliest retry time passed during the hold', () => {
    const t = setup();
    t.tierChanged(tierStatus('anthropic', 'breaker-open', NOW + 5_000));
    t.tierChanged(tierStatus('zhipu', 'breaker-open', NOW + 600_000));
    t.advance(10_000);
    assert.deepEqual(t.shown, []);
  });

  it('says when no tier can recover by itself', () => {
    let time = NOW;
    const policy = createNotificationPolicy({
      initial: statusOf([tierStatus('copilot', 'sign-in-needed')]),
      now: () => time,
      settings: { holdMs: 1_000 },
    });
    policy.handle({ type: 'tier-changed', tier: tierStatus('copilot', 'sign-in-needed') });
    time += 1_000;
    const bodies = policy.tick().map((n) => n.body);
    assert.deepEqual(bodies, [
      'Claude Code requests are failing. No tier will recover by itself: check sign-ins and API keys.',
    ]);
  });
});

describe('quota and sign-in', () => {
  const quotaTier = (percent: number, state: 'ok' | 'over-threshold' | 'exhausted'): TierStatus => ({
    ...tierStatus('zhipu'),
    quota: [
      { windowHours: 5, usedTokens: percent * 10, tokenBudget: 1000, percent, thresholdPercent: 95, state },
    ],
  });

  it('warns once when usage crosses a warning percentage, again only after the window reset', () => {
    const t = setup();
    t.tierChanged(quotaTier(50, 'ok'));
    t.tierChanged(quotaTier(81, 'ok'));
    t.tierChanged(quotaTier(85, 'ok'));
    assert.deepEqual(t.shown, ['quota-warning: zhipu: 81% of its 5 h quota used']);
    t.tierChanged(quotaTier(2, 'ok'));
    t.advance(400_000);
    t.tierChanged(quotaTier(82, 'ok'));
    assert.equal(t.shown.length, 2);
  });

  it('announces a reached quota immediately and once until it resets', () => {
    const t = setup();
    t.tierChanged(quotaTier(96, 'over-threshold'));
    t.feed({ type: 'quota-crossed', tier: 'zhipu', windowHours: 5, percent: 96, state: 'over-threshold' });
    t.feed({ type: 'quota-crossed', tier: 'zhipu', windowHours: 5, percent: 100, state: 'exhausted' });
    assert.deepEqual(t.shown, ['quota-reached: zhipu reached its 5 h quota']);
    t.feed({ type: 'quota-crossed', tier: 'zhipu', windowHours: 5, percent: 0, state: 'ok' });
    t.tierChanged(quotaTier(97, 'over-threshold'));
    t.advance(400_000);
    t.feed({ type: 'quota-crossed', tier: 'zhipu', windowHours: 5, percent: 97, state: 'over-threshold' });
    assert.equal(t.shown.length, 2);
  });

  it('asks to sign in once per tier until the credentials work again', () => {
    const t = setup();
    t.tierChanged(tierStatus('zhipu', 'sign-in-needed'));
    t.tierChanged(tierStatus('zhipu', 'sign-in-needed'));
    assert.deepEqual(t.shown, ['sign-in-needed: Sign in to zhipu again']);
    t.tierChanged(tierStatus('zhipu', 'ready'));
    t.advance(400_000);
    t.tierChanged(tierStatus('zhipu', 'sign-in-needed'));
    assert.equal(t.shown.length, 2);
  });

  it('offers the sign-in the notification opens, not the CLI command the core writes for a terminal', () => {
    const t = setup();
    t.tierChanged({
      ...tierStatus('gravity', 'sign-in-needed'),
      signInNeeded: 'Sign in with Google: run `coding-proxy auth login google`',
      signIn: { provider: 'google', reason: 'missing' },
    });
    assert.deepEqual(t.bodies, ['Not signed in with Google yet. Click to sign in from the dashboard.']);
  });
});

describe('quiet mode', () => {
  it('shows nothing while silenced, and does not replay afterwards', () => {
    const t = setup({ silenced: true });
    t.tierChanged(tierStatus('zhipu', 'sign-in-needed'));
    t.served('zhipu');
    t.advance(10_000);
    assert.deepEqual(t.shown, []);
    t.policy.updateSettings({ silenced: false });
    t.advance(10_000);
    t.tierChanged(tierStatus('zhipu', 'sign-in-needed'));
    assert.deepEqual(t.shown, []);
    assert.equal(t.policy.nextDueAt(), undefined);
  });
});
