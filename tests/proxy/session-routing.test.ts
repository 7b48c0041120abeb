// Sessions over real sockets: config policies by session key and by title prefix, runtime bindings set over the
// HTTP control API that survive a restart of the core on the same data dir, titles and per-session figures in
// the real SQLite ledger.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ListSessionsResponse } from '../../src-main/core/control/session-handlers.ts';
import { createMemoryConfigStore } from '../../src-main/core/config/config-store.ts';
import { type RunningCore, startCore } from '../../src-main/core/start-core.ts';
import { type ProxyConfigInput, parseConfig } from '../../src-shared/config-schema.ts';
import type { RequestPage } from '../../src-shared/contract.ts';
import {
  type FakeVendor,
  anthropicErrorBody,
  anthropicMessage,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import { postMessages, withControlToken } from '../support/proxy-harness.ts';

const REMINDER = '<system-reminder>\nAs you answer the user, use the following context…\n</system-reminder>';

function claudeCodeBody(prompt: string) {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 100,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: REMINDER },
          { type: 'text', text: prompt },
        ],
      },
    ],
  };
}

const asSession = (key: string) => ({ 'x-claude-code-session-id': key });

let controlToken = '';

async function command<T>(url: string, name: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(
    `${url}/api/${name}`,
    withControlToken(controlToken, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  return { status: response.status, body: (await response.json()) as T };
}

describe('session routing', () => {
  let a: FakeVendor;
  let b: FakeVendor;
  let dataDir: string;
  let core: RunningCore | undefined;

  const input = (): ProxyConfigInput => ({
    vendors: [
      { name: 'a', kind: 'anthropic', baseUrl: a.url },
      { name: 'b', kind: 'kimi', baseUrl: b.url, apiKey: 'sk-kimi-test-key' },
    ],
    sessionPolicies: [
      { name: 'vip', match: { sessionKeys: ['session-vip'] }, tiers: ['b'] },
      { name: 'docs', match: { titlePrefix: 'docs:' }, tiers: ['b'] },
    ],
  });

  async function start(): Promise<RunningCore> {
    const parsed = parseConfig(input());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    core = await startCore({
      config: parsed.config,
      configStore: createMemoryConfigStore(input() as Record<string, unknown>),
      dataDir,
      port: 0,
      host: '127.0.0.1',
    });
    controlToken = core.controlToken;
    return core;
  }

  before(async () => {
    a = await startFakeVendor([{ kind: 'json', body: anthropicMessage('from a') }]);
    b = await startFakeVendor([{ kind: 'json', body: anthropicMessage('from b') }]);
    dataDir = mkdtempSync(join(tmpdir(), 'sessions-'));
  });
  after(async () => {
    await core?.close();
    await a.close();
    await b.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    a.requests.length = 0;
    b.requests.length = 0;
  });

  it('sends a session named in a policy to its tiers first, and other sessions in the global order', async () => {
    const { url } = await start();
    const vip = await postMessages(url, claudeCodeBody('refactor the parser'), asSession('session-vip'));
    assert.match(vip.text, /from b/);
    const other = await postMessages(url, claudeCodeBody('refactor the parser'), asSession('session-other'));
    assert.match(other.text, /from a/);
    assert.equal(a.requests.length, 1);
    assert.equal(b.requests.length, 1);
  });

  it('matches a title prefix on the first real user message, whatever Claude Code wrapped around it', async () => {
    const { url } = await (core ? Promise.resolve(core) : start());
    const docs = await postMessages(
      url,
      claudeCodeBody('Docs: rewrite the README intro'),
      asSession('session-docs'),
    );
    assert.match(docs.text, /from b/);
    assert.equal(a.requests.length, 0);
  });

  it('binds a session at run time over HTTP; the binding reorders but never removes failover', async () => {
    const url = core?.url ?? (await start()).url;
    const unknown = await command<{ error: { type: string; message: string } }>(url, 'bindSession', {
      sessionKey: 'session-live',
      tiers: ['b', 'ghost'],
    });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error.message, /unknown tier\(s\): ghost .*nothing was changed/);

    const bound = await command<{ ok: true; order: string[] }>(url, 'bindSession', {
      sessionKey: 'session-live',
      tiers: ['b'],
    });
    assert.equal(bound.status, 200);
    assert.deepEqual(bound.body.order, ['b', 'a']);
    assert.match(
      (await postMessages(url, claudeCodeBody('fix the flaky test'), asSession('session-live'))).text,
      /from b/,
    );

    // b fails: the bound session still gets its answer from a.
    b.script([{ kind: 'json', status: 529, body: anthropicErrorBody('overloaded_error', 'Overloaded') }]);
    const failover = await postMessages(url, claudeCodeBody('fix the flaky test'), asSession('session-live'));
    assert.match(failover.text, /from a/);
    b.script([{ kind: 'json', body: anthropicMessage('from b') }]);
  });

  it('keeps the binding across a restart, lists it with the session, and unbinds', async () => {
    await core?.close();
    core = undefined;
    const { url } = await start();
    b.requests.length = 0;
    assert.match(
      (await postMessages(url, claudeCodeBody('fix the flaky test'), asSession('session-live'))).text,
      /from b/,
    );
    assert.equal(b.requests.length, 1);

    const listed = await command<ListSessionsResponse>(url, 'listSessions', { hours: 1 });
    const live = listed.body.sessions.find((session) => session.sessionKey === 'session-live');
    assert.ok(live, JSON.stringify(listed.body));
    assert.equal(live.title, 'fix the flaky test');
    assert.deepEqual(live.binding?.tiers, ['b']);
    assert.equal(live.requests, 3);
    assert.deepEqual(live.vendors, ['a', 'b']);
    assert.equal(live.successRate, 100);
    const vip = listed.body.sessions.find((session) => session.sessionKey === 'session-vip');
    assert.equal(vip?.policy, 'vip');
    assert.equal(vip?.binding, null);
    assert.deepEqual(
      listed.body.categories.map((category) => category.clientCategory),
      ['cc'],
    );

    // The session's detail is the request log filtered by session: the same rows the Requests view shows.
    const detail = await command<RequestPage>(url, 'listRequests', { sessionKey: 'session-live' });
    assert.equal(detail.body.requests.length, 3);
    assert.equal(detail.body.total, 3);
    assert.ok(detail.body.requests.every((request) => request.sessionKey === 'session-live'));
    assert.equal(detail.body.requests[1]?.attempts.length, 2, 'the failover request shows both attempts');

    assert.equal((await command(url, 'unbindSession', { sessionKey: 'session-live' })).status, 200);
    assert.equal((await command(url, 'unbindSession', { sessionKey: 'session-live' })).status, 404);
    a.requests.length = 0;
    assert.match(
      (await postMessages(url, claudeCodeBody('fix the flaky test'), asSession('session-live'))).text,
      /from a/,
    );
  });
});
