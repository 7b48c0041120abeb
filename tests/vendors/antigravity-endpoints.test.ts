// Antigravity's Cloud Code host fallback against several fake Googles on 127.0.0.1 standing for the endpoint
// list (fake-google.ts; the real hosts and which failures move on: src-main/core/vendors/antigravity/endpoints.ts,
// host-failure.ts). The real proxy, an Antigravity tier as a user would configure it, a healthy backup tier.
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { CoreEvent } from '../../src-shared/contract.ts';
import type { VendorConfigInput } from '../../src-shared/config-schema.ts';
import type { FakeVendor } from '../support/fake-vendor.ts';
import {
  BASIC_REQUEST,
  type Harness,
  parseEvents,
  postMessages,
  startProxy,
  textOf,
} from '../support/proxy-harness.ts';
import { type FakeGoogle, googleError, startFakeGoogle } from './fake-google.ts';
import { BACKUP_TEXT, backupVendor, circuitOf, eventually, recordEvents, startBackup } from './helpers.ts';

/** A stream that did not come from the backup tier (the recorded Antigravity stream is a tool call). */
const served = (text: string) => text !== BACKUP_TEXT;

let first: FakeGoogle;
let second: FakeGoogle;
let refusing: string;
let backup: FakeVendor;
let proxy: Harness | undefined;
let clockOffset = 0;

/** A port that was just listening and is closed now: connecting is refused (ECONNREFUSED). */
async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function antigravity(endpoints: string[], extra: Partial<VendorConfigInput> = {}): VendorConfigInput {
  return {
    name: 'antigravity',
    kind: 'antigravity',
    endpoints,
    oauthTokenUrl: `${second.url}/token`,
    versionManifestUrl: `${second.url}/manifest/latest-arm64-mac.yml`,
    refreshToken: '1//refresh-from-sign-in',
    circuitBreaker: { failureThreshold: 1 },
    ...extra,
  };
}

async function start(vendor: VendorConfigInput): Promise<{ harness: Harness; events: CoreEvent[] }> {
  proxy = await startProxy(
    { vendors: [vendor, backupVendor(backup.url)] },
    { now: () => Date.now() + clockOffset },
  );
  return { harness: proxy, events: recordEvents(proxy) };
}

const generateCalls = (fake: FakeGoogle) =>
  fake.seen.filter((call) => call.path.includes('enerateContent')).length;

const unavailable = (res: ServerResponse) =>
  googleError(res, 503, 'UNAVAILABLE', 'The service is currently unavailable.');

const notices = (events: CoreEvent[]) =>
  events.flatMap((event) => (event.type === 'vendor-notice' ? [event.message] : []));

async function ask(harness: Harness, stream: boolean): Promise<string> {
  const answer = await postMessages(harness.url, { ...BASIC_REQUEST, stream });
  assert.equal(answer.status, 200);
  if (stream) return textOf(parseEvents(answer.text));
  const body = answer.json() as { content: Array<{ type: string; text?: string }> };
  return body.content.map((block) => block.text ?? '').join('');
}

before(async () => {
  first = await startFakeGoogle();
  second = await startFakeGoogle();
  refusing = await refusedUrl();
  backup = await startBackup();
});
after(async () => {
  await first.close();
  await second.close();
  await backup.close();
});
beforeEach(() => {
  for (const fake of [first, second]) {
    fake.seen.length = 0;
    fake.nextAnswers = [];
    fake.minimumClientVersion = '3.0.0';
  }
  clockOffset = 0;
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

describe('Antigravity Cloud Code host fallback', () => {
  it('a host refusing connections: the next host serves, streaming and not, with no failover and no breaker penalty', async () => {
    const { harness, events } = await start(antigravity([refusing, second.url]));
    assert.ok(served(await ask(harness, true)), 'the stream came from Antigravity, not the backup');
    assert.equal(await ask(harness, false), 'a whole answer');
    assert.deepEqual(
      harness.records.map((record) => [record.vendor, record.success]),
      [
        ['antigravity', true],
        ['antigravity', true],
      ],
    );
    assert.equal(circuitOf(harness, 'antigravity').state, 'closed');
    assert.equal(circuitOf(harness, 'antigravity').failures, 0);
    // Project discovery and the catalogue moved on too: the second host answered them.
    assert.equal(second.calls('/v1internal:loadCodeAssist').length, 1);
    const adapter = harness.core.context.router.chain.get('antigravity')?.adapter;
    await eventually(
      () => adapter?.contextWindow?.('gemini-3.1-pro-low') === 1_048_576,
      'the catalogue (a model only it knows) was read from the second host',
    );
    const said = notices(events);
    assert.equal(said.length, 1, 'one notice for the move, not one per request');
    assert.match(
      said[0] ?? '',
      new RegExp(`Generating on ${second.url}: ${refusing} failed \\(ECONNREFUSED\\)`),
    );
  });

  for (const stream of [true, false]) {
    it(`a host answering 503: the next host serves the ${stream ? 'stream' : 'whole answer'}`, async () => {
      const { harness } = await start(antigravity([first.url, second.url]));
      first.nextAnswers.push(unavailable);
      const text = await ask(harness, stream);
      if (!stream) assert.equal(text, 'a whole answer');
      assert.equal(generateCalls(first), 1);
      assert.equal(generateCalls(second), 1);
      assert.deepEqual(
        harness.records.map((record) => [record.vendor, record.success]),
        [['antigravity', true]],
      );
      assert.equal(circuitOf(harness, 'antigravity').failures, 0);
    });
  }

  it('a host answering 200 "no longer supported": the next host serves, streaming and not', async () => {
    first.minimumClientVersion = '99.0.0';
    const { harness } = await start(antigravity([first.url, second.url]));
    assert.ok(served(await ask(harness, true)));
    assert.equal(await ask(harness, false), 'a whole answer');
    assert.ok(harness.records.every((record) => record.vendor === 'antigravity' && record.success));
    assert.equal(generateCalls(first), 1, 'the second request went straight to the host that served');
    assert.equal(generateCalls(second), 2);
  });

  it("a 429 QUOTA_EXHAUSTED on the first host is the account's: no other host is tried, the tier fails over", async () => {
    const { harness } = await start(
      antigravity([first.url, second.url], { quotaGuards: [{ windowHours: 5, tokenBudget: 1_000_000 }] }),
    );
    first.nextAnswers.push((res) =>
      googleError(res, 429, 'RESOURCE_EXHAUSTED', 'You have exhausted your capacity on this model.', [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'QUOTA_EXHAUSTED',
          domain: 'cloudcode-pa.googleapis.com',
          metadata: { model: 'claude-sonnet-4-6', quotaResetDelay: '4h0m0s' },
        },
      ]),
    );
    assert.equal(await ask(harness, false), BACKUP_TEXT);
    assert.equal(generateCalls(second), 0);
    assert.equal(harness.records[0]?.status, 429);
    assert.equal(harness.core.context.router.chain.status('antigravity').quota[0]?.state, 'exhausted');
  });

  it('every host down: the tier fails over with the most useful error, naming the other hosts', async () => {
    const { harness } = await start(antigravity([first.url, refusing, second.url]));
    first.nextAnswers.push(unavailable);
    second.nextAnswers.push(unavailable);
    assert.equal(await ask(harness, true), BACKUP_TEXT);
    const [failed, fallback] = harness.records;
    assert.equal(failed?.vendor, 'antigravity');
    assert.equal(failed?.success, false);
    assert.equal(failed?.status, 503);
    assert.match(
      failed?.errorMessage ?? '',
      /other Cloud Code hosts: .*answered HTTP 503; .*failed \(ECONNREFUSED\)/,
    );
    assert.equal(fallback?.vendor, 'backup');
    assert.equal(circuitOf(harness, 'antigravity').state, 'open');
  });

  it('remembers the host that served for ten minutes, then gives the preferred host its chance again', async () => {
    const { harness, events } = await start(antigravity([first.url, second.url]));
    first.nextAnswers.push(unavailable);
    await ask(harness, false);
    await ask(harness, false);
    assert.equal(generateCalls(first), 1, 'the second request did not start on the failed host');
    assert.equal(generateCalls(second), 2);
    clockOffset = 11 * 60_000;
    await ask(harness, false);
    assert.equal(generateCalls(first), 2, 'after ten minutes the preferred host is asked first again');
    assert.equal(generateCalls(second), 2);
    assert.equal(notices(events).length, 1);
  });

  it('a baseUrl the user set is that one host: no fallback, the tier fails over as before', async () => {
    const { harness } = await start(antigravity([first.url, second.url], { baseUrl: first.url }));
    first.nextAnswers.push(unavailable);
    assert.equal(await ask(harness, false), BACKUP_TEXT);
    assert.equal(generateCalls(second), 0);
    assert.equal(second.seen.filter((call) => call.path.startsWith('/v1internal:')).length, 0);
    assert.equal(harness.records[0]?.status, 503);
  });
});
