// In-stream errors for the signed-in kinds, through the real proxy against the fakes of Copilot (fake-copilot.ts)
// and Google's Antigravity services (fake-google.ts): a Copilot /responses stream failing with `response.failed`
// or an `error` event, an Antigravity stream whose chunk is a RESOURCE_EXHAUSTED error object
// (fixtures/in-stream-errors.ts cites each). Each gets the verdict the same error gets on an HTTP status.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { VendorConfigInput } from '../../src-shared/config-schema.ts';
import { DEFAULT_VENDOR_QUOTA_PROBE_MS } from '../../src-main/core/resilience/vendor-quota.ts';
import { outdatedClientAdvice } from '../../src-main/core/vendors/copilot/copilot-headers.ts';
import type { FakeVendor } from '../support/fake-vendor.ts';
import {
  BASIC_REQUEST,
  type Harness,
  parseEvents,
  postMessages,
  startProxy,
  textOf,
} from '../support/proxy-harness.ts';
import { type FakeCopilot, startFakeCopilot } from './fake-copilot.ts';
import { type FakeGoogle, startFakeGoogle } from './fake-google.ts';
import {
  antigravityExhausted,
  RESPONSES_INSUFFICIENT_QUOTA,
  RESPONSES_MODEL_NOT_SUPPORTED,
  RESPONSES_RATE_LIMITED,
  RESPONSES_VERSION_REFUSED,
} from './fixtures/in-stream-errors.ts';
import { BACKUP_TEXT, backupVendor, circuitOf, eventually, startBackup } from './helpers.ts';

const CLOCK = Date.parse('2026-12-01T10:00:00Z');
const STREAMING = { ...BASIC_REQUEST, stream: true };
let copilot: FakeCopilot;
let google: FakeGoogle;
let backup: FakeVendor;
const opened: Array<{ close(): Promise<void> }> = [];

before(async () => {
  copilot = await startFakeCopilot();
  google = await startFakeGoogle();
  backup = await startBackup();
});
after(async () => {
  for (const item of opened.reverse()) await item.close();
  await copilot.close();
  await google.close();
  await backup.close();
});

const breaker = { circuitBreaker: { failureThreshold: 1, maxRecoveryTimeoutSeconds: 86_400 } };

async function start(vendor: VendorConfigInput): Promise<Harness> {
  const proxy = await startProxy({ vendors: [vendor, backupVendor(backup.url)] }, { now: () => CLOCK });
  opened.push(proxy);
  return proxy;
}

async function copilotOnResponses(): Promise<Harness> {
  const proxy = await start({
    name: 'copilot',
    kind: 'copilot',
    githubToken: 'ghu_signed_in_user',
    tokenUrl: `${copilot.url}/copilot_internal/v2/token`,
    modelMap: [{ match: 'claude-*', to: 'gpt-5.3-codex' }],
    ...breaker,
  });
  const catalogue = proxy.core.context.router.chain.get('copilot')?.adapter.modelCatalogue;
  await eventually(() => catalogue?.snapshot().fetchedAt !== undefined, 'Copilot /models was read at start');
  return proxy;
}

async function servedByBackup(proxy: Harness): Promise<void> {
  const answer = await postMessages(proxy.url, STREAMING);
  assert.equal(textOf(parseEvents(answer.text)), BACKUP_TEXT);
}

const statusOf = (proxy: Harness, tier: string) => proxy.core.context.router.chain.status(tier);

describe('Copilot /responses: an error inside the 200 stream, before content', () => {
  it('response.failed insufficient_quota closes the tier as a quota, breaker untouched', async () => {
    const proxy = await copilotOnResponses();
    copilot.nextResponsesStreams.push(RESPONSES_INSUFFICIENT_QUOTA);
    await servedByBackup(proxy);
    assert.equal(circuitOf(proxy, 'copilot').failures, 0);
    assert.equal(statusOf(proxy, 'copilot').vendorQuota?.until, CLOCK + DEFAULT_VENDOR_QUOTA_PROBE_MS);
    assert.match(proxy.records[0]?.errorMessage ?? '', /^quota used up: stream failed before content/);
  });

  it('response.failed rate_limit_exceeded opens the breaker for "try again in 11.054s", no quota', async () => {
    const proxy = await copilotOnResponses();
    copilot.nextResponsesStreams.push(RESPONSES_RATE_LIMITED);
    await servedByBackup(proxy);
    assert.equal(circuitOf(proxy, 'copilot').state, 'open');
    assert.equal(circuitOf(proxy, 'copilot').retryAt, CLOCK + 11_054);
    assert.equal(statusOf(proxy, 'copilot').vendorQuota, undefined);
  });

  it('an error event "model not supported" fails over without a penalty', async () => {
    const proxy = await copilotOnResponses();
    copilot.nextResponsesStreams.push(RESPONSES_MODEL_NOT_SUPPORTED);
    await servedByBackup(proxy);
    assert.equal(circuitOf(proxy, 'copilot').failures, 0);
    assert.equal(circuitOf(proxy, 'copilot').state, 'closed');
    assert.equal(statusOf(proxy, 'copilot').vendorQuota, undefined);
    assert.match(
      proxy.records[0]?.errorMessage ?? '',
      /^cannot serve this request \(model not offered\): stream failed before content/,
    );
  });

  it('an error event refusing the client version fails over and says what to update, as a 466 does', async () => {
    const proxy = await copilotOnResponses();
    copilot.nextResponsesStreams.push(RESPONSES_VERSION_REFUSED);
    await servedByBackup(proxy);
    assert.equal(circuitOf(proxy, 'copilot').state, 'open');
    const recorded = proxy.records[0]?.errorMessage ?? '';
    assert.ok(recorded.includes(outdatedClientAdvice()), recorded);
    assert.match(recorded, /\(Copilot said: The specified API version is no longer supported\.\)/);
  });
});

describe('Antigravity: a RESOURCE_EXHAUSTED error object inside the 200 stream', () => {
  async function antigravityStreams(chunks: string[]): Promise<Harness> {
    const proxy = await start({
      name: 'antigravity',
      kind: 'antigravity',
      baseUrl: google.url,
      oauthTokenUrl: `${google.url}/token`,
      versionManifestUrl: `${google.url}/manifest/latest-arm64-mac.yml`,
      refreshToken: '1//refresh-from-sign-in',
      ...breaker,
    });
    const adapter = proxy.core.context.router.chain.get('antigravity')?.adapter as unknown as {
      clientVersion(): string;
    };
    await eventually(() => adapter.clientVersion() === google.manifestVersion, 'the manifest was read');
    google.nextAnswers.push((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(chunks.join(''));
    });
    await servedByBackup(proxy);
    return proxy;
  }

  it('QUOTA_EXHAUSTED closes the tier until its quotaResetDelay, breaker untouched', async () => {
    const proxy = await antigravityStreams(antigravityExhausted('QUOTA_EXHAUSTED', '4h0m0s'));
    assert.equal(circuitOf(proxy, 'antigravity').failures, 0);
    assert.equal(statusOf(proxy, 'antigravity').vendorQuota?.until, CLOCK + 4 * 3_600_000);
    assert.match(proxy.records[0]?.errorMessage ?? '', /^quota exhausted \(QUOTA_EXHAUSTED\): stream failed/);
  });

  it('RATE_LIMIT_EXCEEDED with a short reset opens the breaker for it, no quota', async () => {
    const proxy = await antigravityStreams(antigravityExhausted('RATE_LIMIT_EXCEEDED', '1.5s'));
    assert.equal(circuitOf(proxy, 'antigravity').retryAt, CLOCK + 1500);
    assert.equal(statusOf(proxy, 'antigravity').vendorQuota, undefined);
  });
});
