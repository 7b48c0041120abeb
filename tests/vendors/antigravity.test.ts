// Issue 14 points 1, 2, 3 and 6 against a fake Google that behaves as the real one does (fake-google.ts): the
// real proxy on 127.0.0.1, an Antigravity tier configured as a user would (no clientSecret), a healthy backup.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { VendorConfigInput } from '../../src-shared/config-schema.ts';
import { ANTIGRAVITY_CLIENT_SECRET } from '../../src-main/core/auth/google-oauth.ts';
import { ANTIGRAVITY_VERSION_FLOOR } from '../../src-main/core/vendors/antigravity/client-version.ts';
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

const AGENT_SDK_IDENTITY = "You are a Claude agent, built on Anthropic's Claude Agent SDK.";

let google: FakeGoogle;
let backup: FakeVendor;
let proxy: Harness | undefined;

function antigravity(extra: Partial<VendorConfigInput> = {}): VendorConfigInput {
  return {
    name: 'antigravity',
    kind: 'antigravity',
    baseUrl: google.url,
    oauthTokenUrl: `${google.url}/token`,
    versionManifestUrl: `${google.url}/manifest/latest-arm64-mac.yml`,
    refreshToken: '1//refresh-from-sign-in',
    circuitBreaker: { failureThreshold: 1 },
    ...extra,
  };
}

async function start(vendor: VendorConfigInput): Promise<Harness> {
  proxy = await startProxy({ vendors: [vendor, backupVendor(backup.url)] });
  return proxy;
}

/** Waits until the tier announces the version the fake manifest names. */
async function manifestRead(harness: Harness): Promise<void> {
  const adapter = harness.core.context.router.chain.get('antigravity')?.adapter as unknown as {
    clientVersion(): string;
  };
  await eventually(
    () => adapter.clientVersion() === google.manifestVersion,
    'the manifest version is announced',
  );
}

const envelopes = () =>
  google.seen
    .filter((call) => call.path.startsWith('/v1internal:') && call.path.includes('enerateContent'))
    .map(
      (call) =>
        JSON.parse(call.body) as {
          model: string;
          request: { systemInstruction?: { parts: Array<{ text: string }> } };
        },
    );

before(async () => {
  google = await startFakeGoogle();
  backup = await startBackup();
});
after(async () => {
  await google.close();
  await backup.close();
});
beforeEach(async () => {
  await proxy?.close();
  proxy = undefined;
  google.seen.length = 0;
  google.manifestVersion = '3.4.0';
  google.nextAnswers = [];
});
after(() => proxy?.close());

describe('Antigravity as it is today (issue 14)', () => {
  it('1 · signs in and refreshes with the published installed-app secret when the config has none', async () => {
    const harness = await start(antigravity());
    await manifestRead(harness);
    const answer = await postMessages(harness.url, { ...BASIC_REQUEST, stream: true });
    assert.equal(answer.status, 200);
    assert.ok(harness.records.at(-1)?.vendor === 'antigravity' && harness.records.at(-1)?.success);
    const form = new URLSearchParams(google.calls('/token')[0]?.body);
    assert.equal(form.get('client_secret'), ANTIGRAVITY_CLIENT_SECRET);
    assert.equal(form.get('grant_type'), 'refresh_token');
  });

  it('2 · sends Claude families to models the Antigravity catalogue has, never retired Gemini 2.5 ids', async () => {
    const harness = await start(antigravity());
    await manifestRead(harness);
    for (const model of ['claude-opus-4-6', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001']) {
      assert.equal((await postMessages(harness.url, { ...BASIC_REQUEST, model })).status, 200);
    }
    assert.deepEqual(
      envelopes().map((envelope) => envelope.model),
      ['claude-opus-4-6-thinking', 'claude-sonnet-4-6', 'gemini-3-flash'],
    );
  });

  it('2 · a model the catalogue lacks fails over without a breaker penalty, says why, and was flagged at start', async () => {
    const harness = await start(antigravity({ modelMap: [{ match: 'claude-*', to: 'gemini-2.5-pro' }] }));
    const events = recordEvents(harness);
    await eventually(() => events.some((event) => event.type === 'vendor-notice'), 'the start-up notice');
    const notice = events.find((event) => event.type === 'vendor-notice');
    assert.match(notice?.type === 'vendor-notice' ? notice.message : '', /gemini-2\.5-pro is not offered/);
    await manifestRead(harness);
    const answer = await postMessages(harness.url, { ...BASIC_REQUEST, stream: true });
    assert.equal(textOf(parseEvents(answer.text)), BACKUP_TEXT);
    const [failed, served] = harness.records;
    assert.equal(failed?.vendor, 'antigravity');
    assert.equal(failed?.status, 404);
    assert.match(failed?.errorMessage ?? '', /^cannot serve this request \(model not found\)/);
    assert.equal(served?.vendor, 'backup');
    assert.equal(
      circuitOf(harness, 'antigravity').state,
      'closed',
      'the tier is healthy, only the model is missing',
    );
  });

  it('3 · strips the Agent SDK identity line, so sub-agent and title calls are served, not refused with a 429', async () => {
    const harness = await start(antigravity());
    await manifestRead(harness);
    const subagentCall = {
      ...BASIC_REQUEST,
      system: [
        { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.278; cc_entrypoint=sdk-cli' },
        { type: 'text', text: AGENT_SDK_IDENTITY },
        { type: 'text', text: 'Generate a short title for this conversation.' },
      ],
    };
    const answer = await postMessages(harness.url, subagentCall);
    assert.equal(answer.status, 200);
    assert.equal(harness.records.at(-1)?.vendor, 'antigravity');
    const system = JSON.stringify(envelopes().at(-1)?.request.systemInstruction);
    assert.doesNotMatch(system, /Claude Agent SDK/);
    assert.match(system, /Generate a short title/);
  });

  it('3 · a detail-less 429 RESOURCE_EXHAUSTED is a short rate limit, never an exhausted quota', async () => {
    const harness = await start({
      ...antigravity(),
      quotaGuards: [{ windowHours: 5, tokenBudget: 1_000_000 }],
    });
    await manifestRead(harness);
    google.nextAnswers.push((res) =>
      res.writeHead(429, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: {
            code: 429,
            message: 'Resource has been exhausted (e.g. check quota).',
            status: 'RESOURCE_EXHAUSTED',
          },
        }),
      ),
    );
    const answer = await postMessages(harness.url, BASIC_REQUEST);
    assert.equal(answer.status, 200);
    assert.equal(harness.records.at(-1)?.vendor, 'backup');
    const status = harness.core.context.router.chain.status('antigravity');
    assert.equal(status.quota[0]?.state, 'ok');
    assert.match(harness.records[0]?.errorMessage ?? '', /^rate limited/);
  });

  it('10 · QUOTA_EXHAUSTED marks the quota exhausted until quotaResetDelay; RATE_LIMIT_EXCEEDED only opens the breaker briefly', async () => {
    const limited = (reason: string, delay: string) => (res: import('node:http').ServerResponse) =>
      googleError(res, 429, 'RESOURCE_EXHAUSTED', 'You have exhausted your capacity on this model.', [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason,
          domain: 'cloudcode-pa.googleapis.com',
          metadata: { model: 'claude-sonnet-4-6', quotaResetDelay: delay },
        },
      ]);
    const harness = await start({
      ...antigravity(),
      quotaGuards: [{ windowHours: 5, tokenBudget: 1_000_000 }],
    });
    await manifestRead(harness);
    google.nextAnswers.push(limited('RATE_LIMIT_EXCEEDED', '1.5s'));
    await postMessages(harness.url, BASIC_REQUEST);
    let status = harness.core.context.router.chain.status('antigravity');
    assert.equal(status.quota[0]?.state, 'ok');
    assert.equal(status.circuit.state, 'open');
    harness.core.context.router.chain.get('antigravity')?.reset();
    google.nextAnswers.push(limited('QUOTA_EXHAUSTED', '4h0m0s'));
    await postMessages(harness.url, BASIC_REQUEST);
    status = harness.core.context.router.chain.status('antigravity');
    assert.equal(status.quota[0]?.state, 'exhausted');
    assert.ok(
      (status.quota[0]?.nextProbeAt ?? 0) - Date.now() > 3.9 * 3_600_000,
      'probed again only after the reset',
    );
    assert.equal(harness.records.at(-1)?.vendor, 'backup');
  });

  it('6 · announces the client version read from the update manifest, and is served', async () => {
    const harness = await start(antigravity());
    await manifestRead(harness);
    await postMessages(harness.url, BASIC_REQUEST);
    const userAgent = google.calls('/v1internal:generateContent').at(-1)?.headers['user-agent'];
    assert.equal(userAgent, 'antigravity/hub/3.4.0 darwin/arm64');
    assert.equal(
      google.calls('/manifest/latest-arm64-mac.yml')[0]?.headers['user-agent'],
      'electron-builder',
    );
    assert.equal(harness.records.at(-1)?.vendor, 'antigravity');
  });

  it('6 · without a manifest it announces the floor; a plain-text "no longer supported" 200 fails over and says so', async () => {
    google.manifestVersion = undefined;
    const harness = await start(antigravity());
    await eventually(
      () => google.calls('/manifest/latest-arm64-mac.yml').length > 0,
      'the manifest was asked',
    );
    const answer = await postMessages(harness.url, { ...BASIC_REQUEST, stream: true });
    assert.equal(textOf(parseEvents(answer.text)), BACKUP_TEXT);
    const failed = harness.records[0];
    assert.equal(failed?.vendor, 'antigravity');
    assert.match(failed?.errorMessage ?? '', /no longer supported/);
    assert.match(
      failed?.errorMessage ?? '',
      new RegExp(`announces \\(${ANTIGRAVITY_VERSION_FLOOR.replaceAll('.', '\\.')};`),
    );
    const userAgent = google.calls('/v1internal:streamGenerateContent?alt=sse').at(-1)?.headers['user-agent'];
    assert.equal(userAgent, `antigravity/hub/${ANTIGRAVITY_VERSION_FLOOR} darwin/arm64`);
  });
});
