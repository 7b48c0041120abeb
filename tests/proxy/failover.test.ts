import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type FakeVendor,
  type Step,
  anthropicErrorBody,
  anthropicMessage,
  anthropicStream,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import {
  BASIC_REQUEST,
  type Harness,
  parseEvents,
  postMessages,
  startProxy,
  textOf,
} from '../support/proxy-harness.ts';

const STREAM = { ...BASIC_REQUEST, stream: true };

describe('failover between two tiers', () => {
  let primary: FakeVendor;
  let backup: FakeVendor;
  let proxy: Harness;

  before(async () => {
    primary = await startFakeVendor();
    backup = await startFakeVendor();
    proxy = await startProxy({
      vendors: [
        // A high threshold keeps the breaker closed so every case below reaches the primary.
        {
          name: 'primary',
          kind: 'anthropic',
          baseUrl: primary.url,
          timeoutMs: 1500,
          circuitBreaker: { failureThreshold: 1000 },
        },
        { name: 'backup', kind: 'zhipu', baseUrl: backup.url, apiKey: 'backup-key' },
      ],
    });
  });
  after(async () => {
    await proxy.close();
    await primary.close();
    await backup.close();
  });

  const triggers: Array<[string, Step]> = [
    [
      '429 rate_limit_error',
      { kind: 'json', status: 429, body: anthropicErrorBody('rate_limit_error', 'slow down') },
    ],
    [
      '403 usage cap',
      {
        kind: 'json',
        status: 403,
        body: anthropicErrorBody('permission_error', 'You have reached your usage cap'),
      },
    ],
    [
      '500 api_error',
      { kind: 'json', status: 500, body: anthropicErrorBody('api_error', 'Internal server error') },
    ],
    ['502 from a gateway (HTML body)', { kind: 'text', status: 502, body: '<html>Bad Gateway</html>' }],
    ['503 with an empty body', { kind: 'text', status: 503, body: '' }],
    ['504 gateway timeout', { kind: 'text', status: 504, body: 'Gateway Timeout' }],
    [
      '529 overloaded_error',
      { kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') },
    ],
    [
      'a listed error type on an unlisted status',
      { kind: 'json', status: 418, body: anthropicErrorBody('overloaded_error', 'teapot busy') },
    ],
    [
      'a listed message pattern (Zhipu-style body without type)',
      {
        kind: 'json',
        status: 409,
        body: { error: { code: '1113', message: 'Insufficient quota for this account' } },
      },
    ],
    ['connection reset before headers', { kind: 'reset' }],
    ['no answer before the first-byte timeout', { kind: 'stall' }],
  ];

  for (const [name, step] of triggers) {
    for (const stream of [false, true]) {
      it(`fails over on ${name} (${stream ? 'stream' : 'non-stream'})`, async () => {
        primary.script([step]);
        backup.script([
          stream
            ? { kind: 'sse', chunks: anthropicStream('from backup') }
            : { kind: 'json', body: anthropicMessage('from backup') },
        ]);
        const before = proxy.records.length;
        const response = await postMessages(proxy.url, stream ? STREAM : BASIC_REQUEST);
        assert.equal(response.status, 200, response.text);
        if (stream) {
          const events = parseEvents(response.text);
          assert.equal(textOf(events), 'from backup');
          assert.equal(events.filter((e) => e.event === 'message_start').length, 1);
        } else {
          assert.deepEqual((response.json() as { content: unknown }).content, [
            { type: 'text', text: 'from backup' },
          ]);
        }
        const records = proxy.records.slice(before);
        assert.deepEqual(
          records.map((r) => [r.vendor, r.success]),
          [
            ['primary', false],
            ['backup', true],
          ],
        );
        assert.equal(records[1]?.failoverFrom, 'primary');
      });
    }
  }

  it('connection refused fails over too', async () => {
    const dead = await startFakeVendor();
    const deadUrl = dead.url;
    await dead.close();
    const local = await startProxy({
      vendors: [
        { name: 'gone', kind: 'anthropic', baseUrl: deadUrl },
        { name: 'backup', kind: 'kimi', baseUrl: backup.url, apiKey: 'k' },
      ],
    });
    backup.script([{ kind: 'json', body: anthropicMessage('alive') }]);
    const response = await postMessages(local.url, BASIC_REQUEST);
    assert.equal(response.status, 200);
    assert.match(local.records[0]?.errorClass ?? '', /^network:ECONNREFUSED/);
    await local.close();
  });

  it('hands an invalid request straight back to the client: no failover, no breaker penalty', async () => {
    const body = anthropicErrorBody(
      'invalid_request_error',
      'messages.0.content: text content blocks must be non-empty',
    );
    primary.script([{ kind: 'json', status: 400, body }]);
    backup.script([{ kind: 'json', body: anthropicMessage('should not be used') }]);
    const before = backup.requests.length;
    const response = await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(response.status, 400);
    assert.deepEqual(response.json(), body);
    assert.equal(backup.requests.length, before);
    const status = proxy.core.context.router.chain.status('primary');
    assert.equal(status.circuit.state, 'closed');
  });

  it('replaces the client credentials for a third-party tier and keeps the Anthropic headers', async () => {
    primary.script([
      { kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') },
    ]);
    backup.script([{ kind: 'json', body: anthropicMessage('ok') }]);
    await postMessages(proxy.url, BASIC_REQUEST, {
      'anthropic-beta': 'oauth-2025-04-20,claude-code-20250219',
      authorization: 'Bearer sk-ant-oat01-secret',
    });
    const toPrimary = primary.requests.at(-1)!;
    const toBackup = backup.requests.at(-1)!;
    assert.equal(toPrimary.headers['x-api-key'], 'sk-ant-client-key');
    assert.equal(toPrimary.headers.authorization, 'Bearer sk-ant-oat01-secret');
    // Zhipu documents Bearer (ANTHROPIC_AUTH_TOKEN); the client's x-api-key is removed, not replaced.
    assert.equal(toBackup.headers['x-api-key'], undefined);
    assert.equal(toBackup.headers.authorization, 'Bearer backup-key');
    assert.equal(toBackup.headers['anthropic-beta'], 'oauth-2025-04-20,claude-code-20250219');
    assert.equal(toBackup.headers['anthropic-version'], '2023-06-01');
    assert.doesNotMatch(JSON.stringify(toBackup.headers), /sk-ant-/);
    assert.equal((toBackup.json as { model: string }).model, 'glm-5.2');
  });

  it('answers 429 with the earliest retry-after when every tier is rate-limited', async () => {
    primary.script([
      {
        kind: 'json',
        status: 429,
        headers: { 'retry-after': '40' },
        body: anthropicErrorBody('rate_limit_error', 'a'),
      },
    ]);
    backup.script([
      {
        kind: 'json',
        status: 429,
        headers: { 'retry-after': '7' },
        body: anthropicErrorBody('rate_limit_error', 'b'),
      },
    ]);
    const response = await postMessages(proxy.url, BASIC_REQUEST);
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '7');
    const body = response.json() as { type: string; error: { type: string; message: string } };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'rate_limit_error');
    assert.match(body.error.message, /primary.*backup/);
    for (const tier of proxy.core.context.router.chain.ordered()) tier.reset();
  });

  it('answers with a well-formed Anthropic error (not a bare 500) when every tier is down', async () => {
    primary.script([{ kind: 'reset' }]);
    backup.script([{ kind: 'reset' }]);
    for (const body of [BASIC_REQUEST, STREAM]) {
      const response = await postMessages(proxy.url, body);
      assert.equal(response.status, 502);
      const parsed = response.json() as { type: string; error: { type: string; message: string } };
      assert.equal(parsed.type, 'error');
      assert.equal(parsed.error.type, 'api_error');
      assert.match(parsed.error.message, /All tiers failed/);
    }
    for (const tier of proxy.core.context.router.chain.ordered()) tier.reset();
  });
});
