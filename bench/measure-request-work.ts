// What one request costs the proxy before anything is sent upstream, for a Claude Code–shaped body of realistic
// size, in CPU per request (in-process): UTF-8 decoding, JSON parsing (validation), the depth guard, and the token
// estimate the context-window check runs once per request when a tier's window is known. These scale with the
// body; the floor comparison's small body hides them, its 300 KB line shows the first three.
import { estimateTokens } from '../src-main/core/common/estimate-tokens.ts';
import { nestsDeeperThan } from '../src-main/core/server/json-depth.ts';
import type { BenchRow } from './bench-row.ts';
import { round } from './bench-row.ts';
import { conversationBody } from './conversation.ts';

function cpuMs(run: () => unknown, times: number): number {
  for (let i = 0; i < Math.max(3, times / 5); i++) run();
  const started = process.cpuUsage();
  for (let i = 0; i < times; i++) run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / times / 1000;
}

export function measureRequestWork(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const size of [300_000, 800_000]) {
    const text = conversationBody(size);
    const bytes = Buffer.from(text);
    const parsed = JSON.parse(text) as Parameters<typeof estimateTokens>[0];
    const kb = `${Math.round(bytes.length / 1000)} KB`;
    const tokens = estimateTokens(parsed);
    const times = size > 500_000 ? 20 : 40;
    rows.push(
      {
        name: `${kb} body: UTF-8 decode`,
        value: round(
          cpuMs(() => bytes.toString('utf8'), times),
          3,
        ),
        unit: 'ms',
      },
      {
        name: `${kb} body: JSON.parse`,
        value: round(
          cpuMs(() => JSON.parse(text), times),
          3,
        ),
        unit: 'ms',
      },
      {
        name: `${kb} body: depth guard`,
        value: round(
          cpuMs(() => nestsDeeperThan(parsed), times),
          3,
        ),
        unit: 'ms',
      },
      {
        name: `${kb} body: token estimate (context-window check, ~${Math.round(tokens / 1000)}k tokens)`,
        value: round(
          cpuMs(() => estimateTokens(parsed), times),
          3,
        ),
        unit: 'ms',
      },
    );
  }
  return rows;
}

if (import.meta.main)
  for (const row of measureRequestWork()) console.log(`${row.name}: ${row.value} ${row.unit}`);
