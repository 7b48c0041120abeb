import { errors as undiciErrors, request } from 'undici';
import type { Agent, Dispatcher } from 'undici';
import { type UpstreamError, isUpstreamError } from '../common/upstream-error.ts';

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string>;
  body: Dispatcher.ResponseData['body'];
}

export function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Where undici sends a request: the origin (its pool) and the path with the query. */
interface Target {
  origin: string;
  path: string;
}

/** Upstream URLs seen, parsed once: a tier's URL is the same string request after request. Bounded (cleared). */
const targets = new Map<string, Target>();
const MAX_TARGETS = 256;

/**
 * `url` split as undici's `request(url)` splits it (origin; pathname and search), without parsing the string
 * again per request. Undefined for a URL undici must judge itself (not http(s), or not a URL at all), so its
 * own error is the one thrown.
 */
function targetOf(url: string): Target | undefined {
  let target = targets.get(url);
  if (target) return target;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  target = {
    origin: parsed.origin,
    path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname,
  };
  if (targets.size >= MAX_TARGETS) targets.clear();
  targets.set(url, target);
  return target;
}

export async function sendUpstream(options: {
  agent: Agent;
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
  signal: AbortSignal;
  firstByteTimeoutMs: number;
  idleTimeoutMs: number;
}): Promise<UpstreamResponse> {
  const settings = {
    method: 'POST' as const,
    headers: options.headers,
    body: options.body,
    signal: options.signal,
    headersTimeout: options.firstByteTimeoutMs,
    bodyTimeout: options.idleTimeoutMs,
  };
  const target = targetOf(options.url);
  const response = target
    ? await options.agent.request({ ...settings, origin: target.origin, path: target.path })
    : await request(options.url, { ...settings, dispatcher: options.agent });
  return { status: response.statusCode, headers: flattenHeaders(response.headers), body: response.body };
}

/** Reads at most `limit` bytes of an error body (a misbehaving vendor must not exhaust memory). */
export async function readCapped(body: AsyncIterable<Uint8Array>, limit = 256 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.from(chunk);
    chunks.push(buffer);
    size += buffer.length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, limit);
}

/** The whole body as text, or `undefined` when it exceeds `limit` bytes (the rest is not read). */
export async function readLimited(
  body: AsyncIterable<Uint8Array>,
  limit: number,
): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.from(chunk);
    size += buffer.length;
    if (size > limit) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

export function isAbort(error: unknown): boolean {
  return (
    error instanceof undiciErrors.RequestAbortedError ||
    (error instanceof Error &&
      (error.name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR'))
  );
}

/** Turns whatever the HTTP layer threw into our error data. */
export function toUpstreamError(error: unknown): UpstreamError {
  if (isUpstreamError(error)) return error;
  const code = (error as { code?: string } | undefined)?.code ?? 'UNKNOWN';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return { kind: 'timeout', phase: 'connect', message };
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return { kind: 'timeout', phase: 'first-byte', message };
  if (code === 'UND_ERR_BODY_TIMEOUT') return { kind: 'timeout', phase: 'idle', message };
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  return { kind: 'network', code: cause?.code ?? code, message: cause?.message ?? message };
}
