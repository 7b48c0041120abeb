// A demo for screenshots: a month of plausible traffic written into a real usage.db through the real ledger
// writer (attempts and request ends, failovers, errors, requests no tier could take, two client categories),
// and a running core against fake vendors on 127.0.0.1 whose live state (an open breaker, a quota window, a
// vendor waiting for sign-in) matches what the ledger tells.
import type { RequestFinished } from '../src-shared/contract.ts';
import type { ProxyConfigInput } from '../src-shared/config-schema.ts';
import type { AttemptRecord } from '../src-main/core/common/attempt-record.ts';
import { makeAttempt } from '../src-main/core/ledger/fixtures/attempt-fixture.ts';
import { type Ledger, openLedger } from '../src-main/core/ledger/ledger-writer.ts';
import { createLedgerUsageReader } from '../src-main/core/ledger/usage-reader.ts';
import { seedQuotaBaselines } from '../src-main/core/router/quota-baseline.ts';
import type { RunningCore } from '../src-main/core/start-core.ts';
import { startDashboardCore } from '../tests/e2e/dashboard-browser.ts';
import { seededRandom } from '../tests/faults/seeded-random.ts';
import {
  anthropicErrorBody,
  anthropicMessage,
  anthropicStream,
  type FakeVendor,
  startFakeVendor,
} from '../tests/support/fake-vendor.ts';

const HOUR = 3_600_000;
const MODELS = ['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5'];
const SERVED: Record<string, (requested: string) => string> = {
  anthropic: (requested) => `${requested}-20250929`,
  zhipu: () => 'glm-4.6',
  kimi: () => 'kimi-k2-turbo-preview',
  openrouter: () => 'qwen3-coder-480b',
};

/** What the demo's seven Claude Code sessions were asked first (their titles in the Sessions view). */
const SESSION_TITLES = [
  'Add retries with backoff to the upload client',
  'Why does the parser drop the last token of a line?',
  'Write tests for the billing export',
  'Refactor the settings page into smaller components',
  'Explain the failing CI job on main',
  'Make the tier board fit a tray popover',
  'Migrate the config loader to zod',
];

/** A served streaming attempt of the demo unless told otherwise (the ledger tests' fixture, demo defaults). */
const attempt = (base: Partial<AttemptRecord>): AttemptRecord =>
  makeAttempt({ inputTokens: 0, outputTokens: 0, upstreamRequestId: null, ttfbMs: null, ...base });

/** Writes ~30 days of traffic ending at `now` into the ledger. */
export function seedDemoLedger(ledger: Ledger, now: number): number {
  // The same demo on every run.
  const random = seededRandom(20261201);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  let count = 0;
  for (let hour = 30 * 24; hour >= 0; hour--) {
    const start = now - hour * HOUR;
    const local = new Date(start).getHours();
    const busy = local >= 9 && local <= 19 ? 7 : local >= 7 && local <= 22 ? 3 : 0.4;
    const requests = Math.floor(random() * busy * 2);
    for (let index = 0; index < requests; index++) {
      const endedAt = Math.min(now - 60_000, start + Math.floor(random() * HOUR));
      const requestId = `demo-${hour}-${index}`;
      const modelRequested = pick(MODELS);
      const session = Math.floor(hour / 5) % 7;
      const clientCategory = random() < 0.2 ? ('api' as const) : ('cc' as const);
      // API passthrough calls belong to no Claude Code session.
      const sessionKey = clientCategory === 'api' ? '' : `session-${session}`;
      const sessionTitle = clientCategory === 'api' ? undefined : SESSION_TITLES[session];
      const stream = random() < 0.85;
      const roll = random();
      const ts = (offset: number) => new Date(endedAt - offset).toISOString();
      const usage = () => ({
        inputTokens: Math.floor(200 + random() * 4000),
        outputTokens: Math.floor(50 + random() * 1500),
        cacheCreationTokens: random() < 0.3 ? Math.floor(random() * 8000) : 0,
        cacheReadTokens: random() < 0.7 ? Math.floor(random() * 40_000) : 0,
      });
      const common = {
        requestId,
        modelRequested,
        sessionKey,
        clientCategory,
        stream,
        ...(sessionTitle ? { sessionTitle } : {}),
      };
      const end = (change: Partial<RequestFinished>): [RequestFinished, number] => [{
        requestKey: requestId,
        servedBy: null,
        success: false,
        failoverFrom: null,
        durationMs: 5,
        modelRequested,
        modelServed: null,
        tokens: 0,
        stream,
        sessionKey,
        clientCategory,
        ...change,
      }, endedAt];
      count++;
      if (roll < 0.02) {
        // Nothing could take it: the breaker of the first tier open, the second over its quota.
        const skipped = [
          { tier: 'anthropic', reason: 'breaker open' },
          { tier: 'zhipu', reason: 'quota 5h window exhausted' },
        ];
        ledger.recordRequest(
          ...end({
            status: 503,
            errorType: 'overloaded_error',
            errorMessage: 'No tier is available right now — anthropic: breaker open; zhipu: quota 5h window exhausted',
            skipped,
            attempts: 0,
          }),
        );
        continue;
      }
      const vendor = roll < 0.7 ? 'anthropic' : roll < 0.88 ? 'zhipu' : roll < 0.96 ? 'kimi' : 'openrouter';
      const failedFirst = vendor !== 'anthropic' && random() < 0.5;
      const tokens = usage();
      const duration = Math.floor(800 + random() * 12_000);
      const ttfb = Math.floor(250 + random() * 1500);
      let attemptIndex = 0;
      if (failedFirst) {
        ledger.record(
          attempt({
            ...common,
            ts: ts(duration),
            vendor: 'anthropic',
            modelServed: `${modelRequested}-20250929`,
            success: false,
            status: 529,
            errorClass: 'http_529:overloaded_error',
            errorMessage: 'anthropic: 529 overloaded_error: Overloaded',
            durationMs: 420,
            ttfbMs: 410,
          }),
        );
        attemptIndex++;
      }
      const failedAll = random() < 0.015;
      ledger.record(
        attempt({
          ...common,
          ...(failedAll ? {} : tokens),
          ts: ts(0),
          attempt: attemptIndex,
          vendor,
          modelServed: SERVED[vendor]?.(modelRequested) ?? modelRequested,
          success: !failedAll,
          status: failedAll ? 502 : 200,
          errorClass: failedAll ? 'http_502:api_error' : null,
          errorMessage: failedAll ? `${vendor}: 502 Bad Gateway` : null,
          durationMs: duration,
          ttfbMs: ttfb,
          failover: failedFirst,
          failoverFrom: failedFirst ? 'anthropic' : null,
        }),
      );
      ledger.recordRequest(
        ...end({
          servedBy: failedAll ? null : vendor,
          success: !failedAll,
          failoverFrom: failedFirst ? 'anthropic' : null,
          durationMs: duration + (failedFirst ? 420 : 0),
          modelServed: failedAll ? null : (SERVED[vendor]?.(modelRequested) ?? modelRequested),
          status: failedAll ? 502 : 200,
          ...(failedAll
            ? { errorType: 'api_error', errorMessage: `All tiers failed — ${vendor}: 502 Bad Gateway` }
            : {}),
          ttfbMs: ttfb + (failedFirst ? 420 : 0),
          attempts: attemptIndex + 1,
        }),
      );
    }
  }
  ledger.flush();
  return count;
}

export interface Demo {
  core: RunningCore;
  url: string;
  requests: number;
  close(): Promise<void>;
}

const OK = (model: string) => ({ kind: 'json' as const, body: anthropicMessage('Done.', { model }) });
const OVERLOADED = {
  kind: 'json' as const,
  status: 529,
  body: anthropicErrorBody('overloaded_error', 'Overloaded'),
};

/** The demo ledger plus a live core: anthropic's breaker open, zhipu serving, gemini waiting for sign-in. */
export async function startDemo(): Promise<Demo> {
  const vendors: FakeVendor[] = [
    await startFakeVendor([OVERLOADED]),
    await startFakeVendor([
      {
        kind: 'pick',
        // Two requests stay open for the in-flight panel: one before its first token, one streaming.
        choose: (request) => {
          const frames = anthropicStream('Working on it…', { model: 'glm-4.6', deltas: 2 });
          if (request.body.includes('slow-wait')) return { kind: 'sse', chunks: [frames[0] ?? '', { stall: true }] };
          if (request.body.includes('slow-stream'))
            return { kind: 'sse', chunks: [...frames.slice(0, 4), { stall: true }] };
          return OK('glm-4.6');
        },
      },
    ]),
    await startFakeVendor([OK('kimi-k2-turbo-preview')]),
  ];
  const [anthropic, zhipu, kimi] = vendors as [FakeVendor, FakeVendor, FakeVendor];
  const input: ProxyConfigInput = {
    vendors: [
      {
        name: 'anthropic',
        kind: 'anthropic',
        baseUrl: anthropic.url,
        apiKey: 'sk-ant-demo-key-0000-7f3a',
        circuitBreaker: { failureThreshold: 2, recoveryTimeoutSeconds: 420 },
      },
      {
        name: 'zhipu',
        kind: 'zhipu',
        baseUrl: zhipu.url,
        apiKey: 'demo-zhipu-key-91ab',
        quotaGuards: [{ windowHours: 5, tokenBudget: 3_000_000, thresholdPercent: 90 }],
      },
      {
        name: 'gemini',
        kind: 'antigravity',
        clientSecret: 'demo-client-secret',
        authUrl: 'https://accounts.example/o/oauth2/v2/auth',
        oauthTokenUrl: 'http://127.0.0.1:9/token',
      },
      { name: 'kimi', kind: 'kimi', baseUrl: kimi.url, apiKey: 'demo-kimi-key-55c2' },
      { name: 'openrouter', kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', enabled: false },
    ],
  };
  const now = Date.now();
  let requests = 0;
  let ledger: Ledger | undefined;
  const { core, close } = await startDashboardCore(input, (dataDir) => {
    ledger = openLedger({ dataDir, flushDelayMs: 5 });
    requests = seedDemoLedger(ledger, now);
    return {
      sink: ledger,
      usage: createLedgerUsageReader(ledger, {
        vendorKind: (name) => input.vendors?.find((vendor) => vendor.name === name)?.kind,
      }),
    };
  });
  if (ledger) seedQuotaBaselines(core.context.router.chain, ledger);
  // Two live failures open anthropic's breaker; both requests are served by zhipu.
  for (let index = 0; index < 2; index++) {
    const response = await fetch(`${core.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'demo' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await response.text();
  }
  // Left running while the screenshots are taken; the client goes away when the demo closes.
  const leaving = new AbortController();
  for (const [model, text] of [
    ['claude-opus-4-1', 'slow-wait'],
    ['claude-sonnet-4-5', 'slow-stream'],
  ] as const) {
    void fetch(`${core.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'demo' },
      body: JSON.stringify({ model, max_tokens: 64, stream: true, messages: [{ role: 'user', content: text }] }),
      signal: leaving.signal,
    })
      .then((response) => response.text())
      .catch(() => undefined);
  }
  return {
    core,
    url: core.url,
    requests,
    async close() {
      leaving.abort();
      await close();
      await Promise.all(vendors.map((vendor) => vendor.close()));
    },
  };
}
