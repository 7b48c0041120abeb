// Read side of the ledger by session (issue 15): one line per Claude Code session with its title, and the
// Claude Code / API passthrough split. A client request can leave several rows (one per attempt), so requests
// are counted by `request_key` (rows the original app wrote have none and count one each).
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
  input_tokens: number;
  output_tokens: number;
  cache_creation_tokens: number;
  cache_read_tokens: number;
  models: string;
  vendors: string;
  avg_duration_ms: number | null;
  client_category: string;
}

const REQUEST_ID = "CASE WHEN u.request_key <> '' THEN u.request_key ELSE '#' || u.id END";

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
      `SELECT u.session_key AS session_key, MAX(s.title) AS title,
         MIN(u.ts) AS first_seen, MAX(s.first_seen) AS info_first_seen, MAX(u.ts) AS last_seen,
         COUNT(DISTINCT ${REQUEST_ID}) AS requests,
         COUNT(DISTINCT CASE WHEN u.success = 1 THEN ${REQUEST_ID} END) AS served,
         SUM(u.input_tokens) AS input_tokens, SUM(u.output_tokens) AS output_tokens,
         SUM(u.cache_creation_tokens) AS cache_creation_tokens, SUM(u.cache_read_tokens) AS cache_read_tokens,
         json_group_array(DISTINCT CASE WHEN u.success = 1 THEN u.model_served END) AS models,
         json_group_array(DISTINCT CASE WHEN u.success = 1 THEN u.vendor END) AS vendors,
         AVG(CASE WHEN u.success = 1 THEN u.duration_ms END) AS avg_duration_ms,
         MAX(u.client_category) AS client_category
       FROM usage_log u LEFT JOIN session_info s ON s.session_key = u.session_key
       WHERE u.ts >= ? AND u.session_key <> ''
       GROUP BY u.session_key ORDER BY last_seen DESC LIMIT ?`,
    )
    .all(options.since, Math.max(0, Math.floor(options.limit))) as RawSessionRow[];
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

/** Requests and tokens of Claude Code (`cc`) against API passthrough (`api`) traffic since `since`. */
export function queryClientCategories(db: Db, since: string): ClientCategoryTotals[] {
  const rows = db
    .prepare(
      `SELECT u.client_category AS category, COUNT(DISTINCT ${REQUEST_ID}) AS requests,
         SUM(u.input_tokens + u.output_tokens + u.cache_creation_tokens + u.cache_read_tokens) AS tokens
       FROM usage_log u WHERE u.ts >= ? GROUP BY u.client_category ORDER BY u.client_category DESC`,
    )
    .all(since) as Array<{ category: string; requests: number; tokens: number }>;
  return rows.map((row) => ({
    clientCategory: row.category === 'api' ? 'api' : 'cc',
    requests: row.requests,
    tokens: row.tokens ?? 0,
  }));
}
