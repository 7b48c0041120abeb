// What the terminal says when a vendor answers "usage cap reached": the quota is exhausted by the vendor, not by
// the tokens we counted, so `start`'s event lines and `status` name the vendor and when the tier is tried again —
// never "24h quota exhausted (0%)". A real core, a fake vendor on 127.0.0.1 and the CLI's own formatters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEventLogger } from '../../src-main/cli/event-log.ts';
import { formatStatus, localClock } from '../../src-main/cli/status-format.ts';
import type { StatusResponse } from '../../src-shared/contract.ts';
import { anthropicErrorBody, anthropicMessage, startFakeVendor } from '../support/fake-vendor.ts';
import { BASIC_REQUEST, postMessages, startProxy } from '../support/proxy-harness.ts';

describe('a quota the vendor exhausted, in the terminal', () => {
  it('says "exhausted by <vendor> until <time>" in the event line and in status, with no percentage', async () => {
    const clock = Date.parse('2026-11-26T10:00:00Z');
    const glm = await startFakeVendor([
      {
        kind: 'json',
        status: 429,
        headers: { 'retry-after': '600' },
        body: anthropicErrorBody('rate_limit_error', 'You have exceeded your 24-hour usage quota'),
      },
    ]);
    const backup = await startFakeVendor([{ kind: 'json', body: anthropicMessage('backup') }]);
    const proxy = await startProxy(
      {
        vendors: [
          {
            name: 'glm',
            kind: 'anthropic-compatible',
            baseUrl: glm.url,
            apiKey: 'k1',
            quotaGuards: [{ windowHours: 24, tokenBudget: 1_000_000_000 }],
          },
          { name: 'backup', kind: 'anthropic-compatible', baseUrl: backup.url, apiKey: 'k2' },
        ],
      },
      { now: () => clock },
    );
    try {
      const lines: string[] = [];
      proxy.core.context.events.on(
        createEventLogger(
          (line) => lines.push(line),
          () => clock,
        ),
      );
      assert.equal((await postMessages(proxy.url, BASIC_REQUEST)).status, 200);
      const quotaLines = lines.filter((line) => /h quota/.test(line));
      assert.deepEqual(quotaLines, ['10:00:00 glm: 24h quota exhausted by glm until 10:10:00 (in 10m 00s)']);

      const status: StatusResponse = {
        tiers: proxy.core.context.router.chain.statuses(),
        health: { state: 'degraded', servingTier: 'backup' },
        activeTier: 'backup',
        version: 'test',
        baseUrl: proxy.url,
      };
      const text = formatStatus(status, clock);
      assert.match(
        text,
        new RegExp(
          `quota 24h: exhausted by glm until ${localClock(clock + 600_000)} \\(in 10m 00s\\); 0 of 1B counted here`,
        ),
      );
      assert.doesNotMatch(text, /\(0%\)/);
    } finally {
      await proxy.close();
      await glm.close();
      await backup.close();
    }
  });
});
