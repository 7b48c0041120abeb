import type { ClientSide } from './client-request.ts';
import type { ClientError } from './final-error.ts';

/**
 * Before any byte: an HTTP error response in Anthropic's shape. After pings committed a 200 event stream: an
 * Anthropic `error` event ends it. Returns the HTTP status the client got (for the request log).
 */
export function sendClientError(client: ClientSide, error: ClientError): number {
  // A vendor's error may quote the key it was sent; the client hears the answer, never the key.
  const body = client.redact ? client.redact(error.body) : error.body;
  if (client.sse.started) {
    client.sse.end([{ event: 'error', data: body }]);
    return 200;
  }
  client.res.writeHead(error.status, {
    ...error.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  client.res.end(body);
  return error.status;
}
