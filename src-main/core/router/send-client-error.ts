import type { ClientSide } from './client-request.ts';
import type { ClientError } from './final-error.ts';

/**
 * Before any byte: an HTTP error response in Anthropic's shape. After pings committed a 200 event stream: an
 * Anthropic `error` event ends it.
 */
export function sendClientError(client: ClientSide, error: ClientError): void {
  if (client.sse.started) {
    client.sse.end([{ event: 'error', data: error.body }]);
    return;
  }
  client.res.writeHead(error.status, {
    ...error.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(error.body),
  });
  client.res.end(error.body);
}
