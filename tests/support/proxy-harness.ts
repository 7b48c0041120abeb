// Starts the real headless core on 127.0.0.1:0 with a config built in the test, plus helpers to call it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ProxyConfigInput, parseConfig } from '../../src-shared/config-schema.ts';
import { createMemoryConfigStore } from '../../src-main/core/config/config-store.ts';
import type { AttemptRecord } from '../../src-main/core/common/attempt-record.ts';
import { openLedger } from '../../src-main/core/ledger/ledger-writer.ts';
import { createLedgerUsageReader } from '../../src-main/core/ledger/usage-reader.ts';
import { type RunningCore, startCore } from '../../src-main/core/start-core.ts';
import { SseParser } from '../../src-main/core/sse/sse-parser.ts';

export interface Harness {
  core: RunningCore;
  url: string;
  /** The control API's bearer token (`<dataDir>/control.token`). */
  token: string;
  records: AttemptRecord[];
  dataDir: string;
  close(): Promise<void>;
}

export async function startProxy(
  input: ProxyConfigInput,
  options: {
    now?: () => number;
    /** Also record into a real SQLite ledger in the data dir. */
    ledger?: boolean;
    keepAliveMs?: number;
  } = {},
): Promise<Harness> {
  const parsed = parseConfig(input);
  if (!parsed.ok) throw new Error(`bad test config: ${JSON.stringify(parsed.problems)}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'coding-proxy-test-'));
  const records: AttemptRecord[] = [];
  const ledger = options.ledger
    ? openLedger({ dataDir, ...(options.now ? { now: options.now } : {}) })
    : undefined;
  const core = await startCore({
    config: parsed.config,
    configStore: createMemoryConfigStore(input as Record<string, unknown>),
    dataDir,
    port: 0,
    host: '127.0.0.1',
    sink: {
      record: (r) => {
        records.push(r);
        ledger?.record(r);
      },
      recordRequest: (request) => ledger?.recordRequest(request),
      close: () => ledger?.close(),
    },
    ...(ledger ? { usage: createLedgerUsageReader(ledger) } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.keepAliveMs ? { keepAliveMs: options.keepAliveMs } : {}),
  });
  return {
    core,
    url: core.url,
    token: core.controlToken,
    records,
    dataDir,
    async close() {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const BASIC_REQUEST = {
  model: 'claude-sonnet-4-5',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'hi' }],
};

export async function postMessages(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string; json: () => unknown }> {
  const response = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': 'sk-ant-client-key',
      'anthropic-version': '2023-06-01',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

/** Parses an SSE body into `{event, data}` with data JSON-parsed. */
export function parseEvents(
  text: string,
): Array<{ event: string; data: { type?: string; [key: string]: unknown } }> {
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()].map((frame) => ({
    event: frame.event,
    data: JSON.parse(frame.data),
  }));
}

export function textOf(events: ReturnType<typeof parseEvents>): string {
  return events
    .filter((e) => e.event === 'content_block_delta')
    .map((e) => (e.data.delta as { text?: string }).text ?? '')
    .join('');
}

/** `init` with the control token added: every `/api/*` call over HTTP needs it. */
export function withControlToken(token: string, init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}

/** `fetch(url + path)` as the CLI does it: with the control token. */
export function controlFetch(
  target: { url: string; token: string },
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${target.url}${path}`, withControlToken(target.token, init));
}
