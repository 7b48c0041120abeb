// The HTTP side of the native API passthrough: which headers cross (hop-by-hop ones never do, the client's own
// credentials do), the request body streamed through while its `model` is read, and the provider-shaped error the
// proxy itself answers with (disabled provider, unreachable host).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import type { NativeProvider } from '../../../src-shared/config-schema.ts';
import { HOP_BY_HOP_HEADERS } from '../common/hop-by-hop-headers.ts';
import { forwardableClientHeaders } from '../server/guards.ts';
import { PROVIDERS } from './providers.ts';

/** How much of the request body is kept to read its `model` (the body itself streams through). */
const MODEL_SNIFF_BYTES = 64 * 1024;

/** The client's headers minus hop-by-hop ones and browser metadata (cookies — the dashboard's is ours). */
export function forwardHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(forwardableClientHeaders(headers))) {
    if (value === undefined || HOP_BY_HOP_HEADERS.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // Uncompressed answers can be read for usage; the client still gets exactly what the provider sent.
  out['accept-encoding'] = 'identity';
  return out;
}

export function responseHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP_HEADERS.has(name.toLowerCase())) continue;
    out[name] = value;
  }
  return out;
}

/** Passes the request body through untouched while keeping its start, to learn the requested model. */
export function sniffModel(): { stream: Transform; model(): string | undefined } {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (size < MODEL_SNIFF_BYTES) {
        chunks.push(chunk);
        size += chunk.length;
      }
      callback(null, chunk);
    },
  });
  return {
    stream,
    model() {
      const head = Buffer.concat(chunks).toString('utf8', 0, Math.min(size, MODEL_SNIFF_BYTES));
      return /"model"\s*:\s*"([^"\\]{1,200})"/.exec(head)?.[1];
    },
  };
}

export function sendProviderError(
  res: ServerResponse,
  provider: NativeProvider,
  status: number,
  kind: 'not_found' | 'unreachable' | 'timeout' | 'forbidden',
  message: string,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(PROVIDERS[provider].errorBody(status, kind, message));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
