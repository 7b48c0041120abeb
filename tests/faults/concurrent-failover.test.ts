// 200 concurrent streams through a chain whose first tier fails 30% of the time (seeded, so the same requests
// fail on every run): every stream must end well-formed, served once, with exactly one success record.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { type Step, anthropicErrorBody, anthropicStream, startFakeVendor } from '../support/fake-vendor.ts';
import { BASIC_REQUEST, startProxy } from '../support/proxy-harness.ts';
import { seededRandom } from './seeded-random.ts';
import { assertWellFormedStream } from './well-formed.ts';

const STREAMS = 200;
const FAILURE_RATE = 0.3;

const tagOf = (body: unknown): number => {
  const content = (body as { messages?: Array<{ content?: unknown }> } | undefined)?.messages?.[0]?.content;
  return Number(String(content).replace('request ', ''));
};

// Only faults that end before content: after content a stream is (rightly) not replayed elsewhere.
const beforeContent = anthropicStream('lost', { deltas: 2 }).slice(0, 3);
const FAILURES: Step[] = [
  { kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') },
  { kind: 'reset' },
  {
    kind: 'sse',
    chunks: [
      ...beforeContent,
      `event: error\ndata: ${JSON.stringify(anthropicErrorBody('api_error', 'boom'))}\n\n`,
    ],
  },
  { kind: 'sse', chunks: [...beforeContent, { drop: true }] },
];

describe('concurrency under random failures', () => {
  it('ends all 200 concurrent streams well-formed, each with exactly one success record', async () => {
    const random = seededRandom(20261126);
    const failing = new Map<number, Step>();
    for (let tag = 0; tag < STREAMS; tag++) {
      const roll = random();
      if (roll < FAILURE_RATE) failing.set(tag, FAILURES[Math.floor(random() * FAILURES.length)]!);
    }
    const answer =
      (who: string) =>
      (tag: number): Step => ({
        kind: 'sse',
        chunks: anthropicStream(`${who} answers request ${tag}`, { deltas: 5 }).flatMap((frame) => [
          frame,
          { delayMs: tag % 3 },
        ]),
      });
    const primary = await startFakeVendor([
      { kind: 'pick', choose: (req) => failing.get(tagOf(req.json)) ?? answer('primary')(tagOf(req.json)) },
    ]);
    const backup = await startFakeVendor([
      { kind: 'pick', choose: (req) => answer('backup')(tagOf(req.json)) },
    ]);
    const proxy = await startProxy({
      vendors: [
        // A breaker that never opens keeps the failure pattern exactly the seeded one.
        {
          name: 'primary',
          kind: 'anthropic',
          baseUrl: primary.url,
          timeoutMs: 5_000,
          circuitBreaker: { failureThreshold: 100_000 },
        },
        { name: 'backup', kind: 'kimi', baseUrl: backup.url, apiKey: 'k', timeoutMs: 5_000 },
      ],
    });
    const client = new Agent({ connections: STREAMS });
    try {
      const results = await Promise.all(
        Array.from({ length: STREAMS }, async (_, tag) => {
          const response = await request(`${proxy.url}/v1/messages`, {
            method: 'POST',
            dispatcher: client,
            headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-client' },
            body: JSON.stringify({
              ...BASIC_REQUEST,
              stream: true,
              messages: [{ role: 'user', content: `request ${tag}` }],
            }),
            signal: AbortSignal.timeout(30_000),
          });
          const text = await response.body.text();
          return {
            tag,
            status: response.statusCode,
            contentType: String(response.headers['content-type']),
            text,
          };
        }),
      );
      for (const result of results) {
        const summary = assertWellFormedStream(result);
        assert.equal(summary.ending, 'message_stop', `request ${result.tag}`);
        const servedBy = failing.has(result.tag) ? 'backup' : 'primary';
        assert.equal(summary.text, `${servedBy} answers request ${result.tag}`);
      }
      assert.ok(failing.size > 40 && failing.size < 80, `about 30% fail (${failing.size})`);
      assert.equal(backup.requests.length, failing.size);
      const requestIds = new Set(proxy.records.map((r) => r.requestId));
      assert.equal(requestIds.size, STREAMS);
      for (const id of requestIds) {
        const attempts = proxy.records.filter((r) => r.requestId === id);
        assert.equal(attempts.filter((r) => r.success).length, 1, `one success for ${id}`);
        assert.ok(attempts.length <= 2);
      }
      assert.equal(proxy.records.filter((r) => !r.success).length, failing.size);
    } finally {
      await client.close();
      await proxy.close();
      await primary.close();
      await backup.close();
    }
  });
});
