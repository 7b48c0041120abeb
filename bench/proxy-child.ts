// Child-process entry for the benchmark: the real core (with the SQLite ledger, as `coding-proxy start` runs it)
// in its own process, so its latency and RSS are its own. Config JSON in argv[2]; talks to the parent over IPC.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src-shared/config-schema.ts';
import { createMemoryConfigStore } from '../src-main/core/config/config-store.ts';
import { openLedger } from '../src-main/core/ledger/ledger-writer.ts';
import { startCore } from '../src-main/core/start-core.ts';
import { answerCpu } from './bench-child.ts';

const input = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
const parsed = parseConfig(input);
if (!parsed.ok) throw new Error(`bad bench config: ${JSON.stringify(parsed.problems)}`);
const dataDir = mkdtempSync(join(tmpdir(), 'coding-proxy-bench-'));
const ledger = openLedger({ dataDir, onError: (message) => console.error(message) });
const core = await startCore({
  config: parsed.config,
  configStore: createMemoryConfigStore(input),
  dataDir,
  port: 0,
  host: '127.0.0.1',
  sink: ledger,
});

process.on('message', async (message: { type?: string }) => {
  answerCpu(message);
  if (message.type === 'rss') {
    if (global.gc) global.gc();
    process.send?.({ type: 'rss', rss: process.memoryUsage().rss });
  }
  if (message.type === 'stop') {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
});
process.send?.({ type: 'ready', url: core.url });
