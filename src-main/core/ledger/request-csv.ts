// The request list as CSV (RFC 4180, CRLF line ends, UTF-8), one line per client request, for spreadsheets.
import type { RequestView } from '../../../src-shared/contract.ts';

const COLUMNS = [
  'ended_at',
  'started_at',
  'request_key',
  'status',
  'success',
  'error_type',
  'error_message',
  'model_requested',
  'model_served',
  'served_by',
  'failed_over',
  'tiers_tried',
  'tiers_skipped',
  'stream',
  'session',
  'client_category',
  'duration_ms',
  'ttfb_ms',
  'input_tokens',
  'output_tokens',
  'cache_creation_tokens',
  'cache_read_tokens',
  'cost_usd',
  'cost_cny',
  'unpriced_tokens',
] as const;

type Cell = string | number | boolean | null;

/**
 * Quotes what needs quoting, and defuses text a spreadsheet would run as a formula (an error message from a
 * vendor could start with `=`): such cells get a leading apostrophe, as OWASP's CSV-injection advice says.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function costIn(request: RequestView, currency: string): number | null {
  const found = request.cost.find((cost) => cost.currency === currency);
  return found ? found.amount : null;
}

function rowOf(request: RequestView): Cell[] {
  return [
    request.ts,
    request.startedAt,
    request.requestKey,
    request.status,
    request.success,
    request.errorType,
    request.errorMessage,
    request.modelRequested,
    request.modelServed,
    request.servedBy,
    request.failedOver,
    request.attempts.map((attempt) => attempt.vendor).join(' > '),
    request.skipped.map((skip) => `${skip.tier}: ${skip.reason}`).join('; '),
    request.stream,
    request.sessionKey,
    request.clientCategory,
    request.durationMs,
    request.ttfbMs,
    request.inputTokens,
    request.outputTokens,
    request.cacheCreationTokens,
    request.cacheReadTokens,
    costIn(request, 'USD'),
    costIn(request, 'CNY'),
    request.unpricedTokens,
  ];
}

export function requestsCsv(requests: ReadonlyArray<RequestView>): string {
  const lines = [COLUMNS.join(','), ...requests.map((request) => rowOf(request).map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
