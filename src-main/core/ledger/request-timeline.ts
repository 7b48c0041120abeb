// The attempts behind client requests (usage_log rows grouped by `request_key`, in attempt order) and the
// request's path through the chain: which tiers were skipped and why, which were tried, who served it.
import type { Db } from './usage-database.ts';

export interface AttemptSummary {
  attempt: number;
  /** When the attempt ended (ISO UTC). */
  ts: string;
  vendor: string;
  modelServed: string;
  success: boolean;
  status: number | null;
  errorClass: string | null;
  errorMessage: string | null;
  durationMs: number;
  ttfbMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  failoverFrom: string | null;
  upstreamRequestId: string;
  skipped: Array<{ tier: string; reason: string }>;
}

interface Row {
  id: number;
  ts: string;
  vendor: string;
  model_requested: string;
  model_served: string;
  input_tokens: number;
  output_tokens: number;
  cache_creation_tokens: number;
  cache_read_tokens: number;
  duration_ms: number;
  success: number;
  failover: number;
  failover_from: string | null;
  request_id: string | null;
  client_category: string;
  session_key: string;
  request_key: string;
  attempt: number;
  ttfb_ms: number | null;
  stream: number;
  status: number | null;
  error_class: string | null;
  error_message: string | null;
  skipped_json: string | null;
}

export function parseSkipped(json: string | null): Array<{ tier: string; reason: string }> {
  if (!json) return [];
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((item: unknown) => {
      if (!item || typeof item !== 'object') return [];
      const { tier, reason } = item as Record<string, unknown>;
      return typeof tier === 'string' && typeof reason === 'string' ? [{ tier, reason }] : [];
    });
  } catch {
    return [];
  }
}

function toAttempt(row: Row): AttemptSummary {
  return {
    attempt: row.attempt,
    ts: row.ts,
    vendor: row.vendor,
    modelServed: row.model_served,
    success: row.success === 1,
    status: row.status,
    errorClass: row.error_class,
    errorMessage: row.error_message,
    durationMs: row.duration_ms,
    ttfbMs: row.ttfb_ms,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cacheCreationTokens: row.cache_creation_tokens,
    cacheReadTokens: row.cache_read_tokens,
    failoverFrom: row.failover_from,
    upstreamRequestId: row.request_id ?? '',
    skipped: parseSkipped(row.skipped_json),
  };
}

/**
 * The attempts of each request, in attempt order, keyed by request key. Rows the original app wrote have no
 * key; their request is the row itself, keyed `#<row id>` (as in request_log's backfill).
 */
export function queryAttempts(db: Db, requestKeys: ReadonlyArray<string>): Map<string, AttemptSummary[]> {
  const keys = requestKeys.filter((key) => !key.startsWith('#'));
  const legacyIds = requestKeys.flatMap((key) => (key.startsWith('#') ? [Number(key.slice(1))] : []));
  const rows: Row[] = [];
  // SQLite allows 32766 parameters; a page is far smaller, but CSV export can ask for 10,000 keys at once.
  for (let start = 0; start < keys.length; start += 5000) {
    const chunk = keys.slice(start, start + 5000);
    rows.push(
      ...(db
        .prepare(
          `SELECT * FROM usage_log WHERE request_key IN (${chunk.map(() => '?').join(', ')}) ORDER BY attempt, id`,
        )
        .all(...chunk) as Row[]),
    );
  }
  for (let start = 0; start < legacyIds.length; start += 5000) {
    const chunk = legacyIds.slice(start, start + 5000);
    rows.push(
      ...(db
        .prepare(`SELECT * FROM usage_log WHERE id IN (${chunk.map(() => '?').join(', ')})`)
        .all(...chunk) as Row[]),
    );
  }
  const grouped = new Map<string, AttemptSummary[]>();
  for (const row of rows) {
    const key = row.request_key || `#${row.id}`;
    const list = grouped.get(key) ?? [];
    list.push(toAttempt(row));
    grouped.set(key, list);
  }
  return grouped;
}

export type TimelineEntry =
  | { kind: 'skipped'; tier: string; reason: string }
  | { kind: 'attempt'; attempt: number };

/**
 * Skips and attempts in the order they happened, each once. Every attempt row carries all tiers skipped so far
 * (the router's list grows as it walks the chain), so a skip belongs just before the first attempt that lists
 * it; skips the request's end lists that no attempt did came after the last attempt.
 */
export function buildTimeline(
  attempts: ReadonlyArray<AttemptSummary>,
  finalSkipped: ReadonlyArray<{ tier: string; reason: string }>,
): { timeline: TimelineEntry[]; skipped: Array<{ tier: string; reason: string }> } {
  const timeline: TimelineEntry[] = [];
  const skipped: Array<{ tier: string; reason: string }> = [];
  const seen = new Set<string>();
  const skip = (entry: { tier: string; reason: string }) => {
    if (seen.has(entry.tier)) return;
    seen.add(entry.tier);
    skipped.push({ tier: entry.tier, reason: entry.reason });
    timeline.push({ kind: 'skipped', tier: entry.tier, reason: entry.reason });
  };
  attempts.forEach((attempt, index) => {
    for (const entry of attempt.skipped) skip(entry);
    timeline.push({ kind: 'attempt', attempt: index });
  });
  for (const entry of finalSkipped) skip(entry);
  return { timeline, skipped };
}
