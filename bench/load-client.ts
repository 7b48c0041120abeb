// The load client (undici): one request or stream with its timings, and a fixed-concurrency runner.
import { Agent, request } from 'undici';

export const client = new Agent({ connections: 1024, keepAliveTimeout: 60_000, pipelining: 1 });

function bodyFor(stream: boolean, tag: string): string {
  return JSON.stringify({
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    stream,
    messages: [{ role: 'user', content: tag }],
  });
}

const HEADERS = {
  'content-type': 'application/json',
  'x-api-key': 'sk-ant-bench',
  'anthropic-version': '2023-06-01',
};

/** Milliseconds until the whole JSON answer is read. */
export async function timeNonStream(base: string): Promise<number> {
  const started = performance.now();
  const response = await request(`${base}/v1/messages`, {
    method: 'POST',
    dispatcher: client,
    headers: HEADERS,
    body: bodyFor(false, 'bench'),
  });
  await response.body.text();
  if (response.statusCode !== 200) throw new Error(`non-stream answered ${response.statusCode}`);
  return performance.now() - started;
}

export interface StreamTiming {
  /** Until the first text delta reached the client (the proxy holds the stream until then). */
  firstDeltaMs: number;
  totalMs: number;
  /** performance.now() when each delta arrived, in order. */
  arrivals: number[];
}

export async function timeStream(base: string, tag = 'bench'): Promise<StreamTiming> {
  const started = performance.now();
  const response = await request(`${base}/v1/messages`, {
    method: 'POST',
    dispatcher: client,
    headers: HEADERS,
    body: bodyFor(true, tag),
  });
  if (response.statusCode !== 200) throw new Error(`stream answered ${response.statusCode}`);
  const arrivals: number[] = [];
  let sawStop = false;
  for await (const chunk of response.body) {
    const now = performance.now();
    const text = (chunk as Buffer).toString('latin1');
    let at = text.indexOf('text_delta');
    while (at !== -1) {
      arrivals.push(now);
      at = text.indexOf('text_delta', at + 10);
    }
    if (text.includes('message_stop')) sawStop = true;
  }
  if (!sawStop) throw new Error('stream ended without message_stop');
  return {
    firstDeltaMs: (arrivals[0] ?? performance.now()) - started,
    totalMs: performance.now() - started,
    arrivals,
  };
}

/**
 * Sends one streaming request with `body` (a JSON text) and reads the answer to its end without looking at it
 * beyond the last bytes (message_stop must be there): the lightest client, for throughput and sequential runs.
 * Returns the milliseconds until the first byte of the answer body and until its end.
 */
export async function drainStream(
  base: string,
  body: string,
  /** Another path and the text its stream ends with (the relay passing an OpenAI or Gemini stream through). */
  other?: { path: string; end: string },
): Promise<{ firstByteMs: number; totalMs: number }> {
  const started = performance.now();
  const end = other?.end ?? 'message_stop';
  const response = await request(`${base}${other?.path ?? '/v1/messages'}`, {
    method: 'POST',
    dispatcher: client,
    headers: HEADERS,
    body,
  });
  if (response.statusCode !== 200) throw new Error(`stream answered ${response.statusCode}`);
  let firstByteMs = -1;
  let tail = '';
  for await (const chunk of response.body) {
    if (firstByteMs < 0) firstByteMs = performance.now() - started;
    const buffer = chunk as Buffer;
    tail = (tail + buffer.toString('latin1', Math.max(0, buffer.length - 64))).slice(-64);
  }
  if (!tail.includes(end)) throw new Error(`stream ended without ${end}`);
  return { firstByteMs, totalMs: performance.now() - started };
}

/** A small streaming request body (one short user message). */
export const SMALL_STREAM_BODY = bodyFor(true, 'bench');

/** Runs `total` calls of `task` with `concurrency` in flight; returns results in completion order. */
export async function runConcurrent<T>(
  concurrency: number,
  total: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) {
        const index = next++;
        results.push(await task(index));
      }
    }),
  );
  return results;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
