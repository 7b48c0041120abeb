// The held-events and big-body caps, measured where they matter: the memory of the proxy process. The real CLI
// runs as a child (`bin/coding-proxy.js start`) with a probe that reports its `process.memoryUsage()` over IPC; a
// flooding vendor offers far more than the bound (hundreds of MiB), produced lazily and written with backpressure,
// so a proxy that respects its caps costs the test little, and one that does not grows past the bound. Asserts
// memory, never time.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HELD_EVENTS_LIMIT } from '../../src-main/core/router/pre-content-gate.ts';
import { MAX_ANSWER_BYTES } from '../../src-main/core/router/relay-whole.ts';
import { type ProxyProcess, startProxyProcess } from '../faults/proxy-process.ts';
import {
  anthropicMessage,
  anthropicStream,
  type FakeVendor,
  startFakeVendor,
} from '../support/fake-vendor.ts';
import { BASIC_REQUEST, parseEvents, postMessages, textOf } from '../support/proxy-harness.ts';

const MiB = 1024 * 1024;
/** What the proxy may grow by while refusing a flood: its caps (1 MiB of held events, 64 MiB of body) and slack. */
const BOUND = 160 * MiB;

interface Memory {
  rss: number;
  maxRss: number;
}

function askMemory(child: ChildProcess): Promise<Memory> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message as Memory));
    child.send('memory');
  });
}

/** Runs `during` while sampling the child's RSS; returns the growth of the sampled and of the peak RSS. */
async function growthWhile(child: ChildProcess, during: () => Promise<void>) {
  const before = await askMemory(child);
  let highest = before.rss;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      highest = Math.max(highest, (await askMemory(child)).rss);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    await during();
  } finally {
    sampling = false;
    await sampler;
  }
  const after = await askMemory(child);
  return { sampled: Math.max(highest, after.rss) - before.rss, peak: after.maxRss - before.maxRss };
}

describe('a flooding vendor does not grow the proxy process', () => {
  let root: string;
  let flooding: FakeVendor;
  let backup: FakeVendor;
  let proxy: ProxyProcess;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'cp-memory-'));
    flooding = await startFakeVendor();
    backup = await startFakeVendor([{ kind: 'json', body: anthropicMessage('warm') }]);
    const configPath = join(root, 'config.yaml');
    writeFileSync(
      configPath,
      [
        'vendors:',
        `  - { name: flooding, kind: zhipu, baseUrl: "${flooding.url}", apiKey: k }`,
        `  - { name: backup, kind: zhipu, baseUrl: "${backup.url}", apiKey: k }`,
        '',
      ].join('\n'),
    );
    proxy = await startProxyProcess({
      dataDir: join(root, 'data'),
      configPath,
      nodeArgs: ['--import', join(import.meta.dirname, 'memory-probe.ts')],
      ipc: true,
    });
    // Warm up (modules, pools, the ledger) so the baseline is the steady state.
    flooding.script([{ kind: 'json', body: anthropicMessage('warm') }]);
    assert.equal((await postMessages(proxy.url, BASIC_REQUEST)).status, 200);
  });
  after(async () => {
    proxy?.child.kill('SIGKILL');
    await flooding?.close();
    await backup?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('holds at most its cap of events before content: 256 MiB of 100 KB pings offered', async () => {
    const [messageStart] = anthropicStream('x', { id: 'msg_flood' });
    const ping = `event: ping\ndata: ${JSON.stringify({ type: 'ping', pad: 'p'.repeat(100 * 1024) })}\n\n`;
    const offered = (256 * MiB) / ping.length;
    let sent = 0;
    flooding.script([
      {
        kind: 'large',
        headers: { 'content-type': 'text/event-stream' },
        *parts() {
          yield messageStart ?? '';
          for (; sent < offered; sent++) yield ping;
        },
      },
    ]);
    backup.script([{ kind: 'sse', chunks: anthropicStream('served by backup') }]);
    let text = '';
    const growth = await growthWhile(proxy.child, async () => {
      text = (await postMessages(proxy.url, { ...BASIC_REQUEST, stream: true })).text;
    });
    assert.equal(textOf(parseEvents(text)), 'served by backup');
    assert.ok(sent * ping.length < 16 * HELD_EVENTS_LIMIT.characters, `read only a little (${sent} pings)`);
    assert.ok(growth.sampled < BOUND, `RSS grew ${Math.round(growth.sampled / MiB)} MiB`);
    assert.ok(growth.peak < BOUND, `peak RSS grew ${Math.round(growth.peak / MiB)} MiB`);
  });

  it('reads at most its cap of a non-streaming answer: a 1 GiB body offered', async () => {
    const piece = 'x'.repeat(MiB);
    let written = 0;
    flooding.script([
      {
        kind: 'large',
        *parts() {
          yield '{"id":"msg_huge","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"';
          for (; written < 1024; written++) yield piece;
          yield '"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}';
        },
      },
    ]);
    backup.script([{ kind: 'json', body: anthropicMessage('small answer from backup') }]);
    let status = 0;
    let body = '';
    const growth = await growthWhile(proxy.child, async () => {
      const answer = await postMessages(proxy.url, BASIC_REQUEST);
      status = answer.status;
      body = answer.text;
    });
    assert.equal(status, 200);
    assert.match(body, /small answer from backup/);
    assert.ok(written * MiB < 2 * MAX_ANSWER_BYTES, `read only up to the cap (${written} MiB sent)`);
    assert.ok(growth.sampled < BOUND, `RSS grew ${Math.round(growth.sampled / MiB)} MiB`);
    assert.ok(growth.peak < BOUND, `peak RSS grew ${Math.round(growth.peak / MiB)} MiB`);
  });
});
