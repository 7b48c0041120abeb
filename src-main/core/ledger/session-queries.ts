// Read side of the ledger by session (issue 15): one line per Claude Code session with its title, and the
// Claude Code / API passthrough split. Requests are counted from `request_log` (one row per client request,
// including those no tier could take, so a session's count matches its request list); tokens, models and the
// vendors that served come from the attempts in `usage_log`.
import type { ClientCategoryTotals } from '../../../src-shared/contract.ts';
import type { Db } from './usage-database.ts';

export interface SessionRow {
  sessionKey: string;
  title: string;
  firstSeen: string;
  lastSeen: string;
  requests: number;
  servedRequests: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  models: string[];
  vendors: string[];
  avgDurationMs: number | null;
  clientCategory: 'cc' | 'api';
}

interface RawSessionRow {
  session_key: string;
  title: string | null;
  first_seen: string;
  /** When the session was first seen at all, possibly before the range. */
  info_first_seen: string | null;
  last_seen: string;
  requests: number;
  served: number;
  /** Null when none of the session's requests reached a tier in the range. */
  input_tokens: number | null;
  output_tokens: number | null;
  cache_creation_tokens: number | null;
  cache_read_tokens: number | null;
  models: string;
  vendors: string;
  avg_duration_ms: number | null;
  client_category: string;
}

function names(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed)
      ? parsed.filter((value): value is string => typeof value === 'string' && value !== '').sort()
      : [];
  } catch {
    return [];
  }
}

/** Sessions active since `since` (ISO), most recently active first. */
export function querySessions(db: Db, options: { since: string; limit: number }): SessionRow[] {
  const rows = db
    .prepare(
      `WITH req AS (
         SELECT session_key, MIN(ts) AS first_seen, MAX(ts) AS last_seen, COUNT(*) AS requests,
           SUM(success) AS served, AVG(CASE WHEN success = 1 THEN duration_ms END) AS avg_duration_ms,
           MAX(client_category) AS client_category
         FROM request_log WHERE ts >= ? AND session_key <> ''
         GROUP BY session_key ORDER BY last_seen DESC LIMIT ?),
       used AS (
         SELECT session_key, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
           SUM(cache_creation_tokens) AS cache_creation_tokens, SUM(cache_read_tokens) AS cache_read_tokens,
           json_group_array(DISTINCT CASE WHEN success = 1 THEN model_served END) AS models,
           json_group_array(DISTINCT CASE WHEN success = 1 THEN vendor END) AS vendors
         FROM usage_log WHERE ts >= ? AND session_key IN (SELECT session_key FROM req)
         GROUP BY session_key)
       SELECT req.session_key AS session_key, s.title AS title, req.first_seen AS first_seen,
         s.first_seen AS info_first_seen, req.last_seen AS last_seen, req.requests AS requests,
         req.served AS served, used.input_tokens AS input_tokens, used.output_tokens AS output_tokens,
         used.cache_creation_tokens AS cache_creation_tokens, used.cache_read_tokens AS cache_read_tokens,
         COALESCE(used.models, '[]') AS models, COALESCE(used.vendors, '[]') AS vendors,
         req.avg_duration_ms AS avg_duration_ms, req.client_category AS client_category
       FROM req LEFT JOIN used ON used.session_key = req.session_key
         LEFT JOIN session_info s ON s.session_key = req.session_key
       ORDER BY req.last_seen DESC`,
    )
    .all(options.since, Math.max(0, Math.floor(options.limit)), options.since) as RawSessionRow[];
  return rows.map((row) => ({
    sessionKey: row.session_key,
    title: row.title ?? '',
    firstSeen:
      row.info_first_seen && row.info_first_seen < row.first_seen ? row.info_first_seen : row.first_seen,
    lastSeen: row.last_seen,
    requests: row.requests,
    servedRequests: row.served,
    inputTokens: row.input_tokens ?? 0,
    outputTokens: row.output_tokens ?? 0,
    cacheCreationTokens: row.cache_creation_tokens ?? 0,
    cacheReadTokens: row.cache_read_tokens ?? 0,
    models: names(row.models),
    vendors: names(row.vendors),
    avgDurationMs: row.avg_duration_ms === null ? null : Math.round(row.avg_duration_ms),
    clientCategory: row.client_category === 'api' ? 'api' : 'cc',
  }));
}

/** The recorded title of one session ('' when none was seen yet, undefined for an unknown key). */
export function querySessionTitle(db: Db, sessionKey: string): string | undefined {
  const row = db.prepare('SELECT title FROM session_info WHERE session_key = ?').get(sessionKey) as
    | { title: string }
    | undefined;
  return row?.title;
}

/**
 * Requests and tokens of Claude Code (`cc`) against API passthrough (`api`) traffic since `since`. Requests no
 * tier took count as Claude Code's (only `/v1/messages` walks the tiers) and have no tokens.
 */
export function queryClientCategories(db: Db, since: string): ClientCategoryTotals[] {
  const rows = db
    .prepare(
      `SELECT CASE WHEN client_category = 'api' THEN 'api' ELSE 'cc' END AS category, COUNT(*) AS requests,
         SUM(tokens) AS tokens
       FROM request_log WHERE ts >= ? GROUP BY category ORDER BY category DESC`,
    )
    .all(since) as Array<{ category: 'cc' | 'api'; requests: number; tokens: number | null }>;
  return rows.map((row) => ({
    clientCategory: row.category,
    requests: row.requests,
    tokens: row.tokens ?? 0,
  }));
}
