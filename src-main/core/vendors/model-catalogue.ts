// A vendor's own list of the models it offers (Copilot `/models`, Gemini `models.list`, Antigravity's
// `fetchAvailableModels`, OpenAI-compatible `/models`), kept in memory with a TTL. Requests never wait for it:
// they read the last list and, when it is stale, start a refresh in the background. The first read happens at
// start (model-check.ts) or when the dashboard asks; a vendor that never answered a list is not asked again by
// every request. A failed read keeps the last good list and says why in `problem`.

export interface OfferedModel {
  id: string;
  /** Input tokens the model accepts, as the vendor's list says (prompt limit where the vendor has one). */
  contextWindow?: number;
  /** API paths the vendor serves the model on (Copilot: `/chat/completions`, `/responses`, `/v1/messages`). */
  endpoints?: string[];
}

export interface ModelListing {
  models: OfferedModel[];
  /** Epoch ms of the last good read; absent until one succeeded. */
  fetchedAt?: number;
  /** Why the last read failed (or cannot happen yet), in a sentence. */
  problem?: string;
}

export interface ModelCatalogue {
  /** What is known now, without any I/O. */
  snapshot(): ModelListing;
  find(id: string): OfferedModel | undefined;
  /** Reads the list now (one read at a time for all callers); never rejects. */
  refresh(): Promise<ModelListing>;
  /** Starts `refresh()` in the background when a list was read once and is now older than the TTL. */
  refreshIfStale(): void;
  /** Forget the list's age, so the next `refreshIfStale` reads it again (after a "model not supported"). */
  invalidate(): void;
  close(): void;
}

export const MODEL_LIST_TTL_MS = 10 * 60_000;
/** After a failed read, wait this long before the background tries again. */
const RETRY_MS = 60_000;
export const MODEL_LIST_TIMEOUT_MS = 10_000;

export interface ModelCatalogueOptions {
  /** One read of the vendor's list; throws an Error whose message says why it could not. */
  fetchList(signal: AbortSignal): Promise<OfferedModel[]>;
  now(): number;
  ttlMs?: number;
}

export function createModelCatalogue(options: ModelCatalogueOptions): ModelCatalogue {
  const ttlMs = options.ttlMs ?? MODEL_LIST_TTL_MS;
  let listing: ModelListing = { models: [] };
  let byId = new Map<string, OfferedModel>();
  let nextReadAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<ModelListing> | undefined;
  const abort = new AbortController();

  async function read(): Promise<ModelListing> {
    try {
      const signal = AbortSignal.any([abort.signal, AbortSignal.timeout(MODEL_LIST_TIMEOUT_MS)]);
      const models = await options.fetchList(signal);
      listing = { models, fetchedAt: options.now() };
      byId = new Map(models.map((model) => [model.id, model]));
      nextReadAt = options.now() + ttlMs;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      listing = { ...listing, problem: message };
      nextReadAt = options.now() + RETRY_MS;
    }
    return listing;
  }

  function refresh(): Promise<ModelListing> {
    if (abort.signal.aborted) return Promise.resolve(listing);
    inFlight ??= read().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    snapshot: () => listing,
    find: (id) => byId.get(id),
    refresh,
    refreshIfStale() {
      if (listing.fetchedAt !== undefined && options.now() >= nextReadAt) void refresh();
    },
    invalidate() {
      nextReadAt = Number.NEGATIVE_INFINITY;
    },
    close() {
      abort.abort();
    },
  };
}

/** `fetch` + JSON for list endpoints, with the HTTP status in the error when the vendor refuses. */
export async function fetchJson(url: string, init: RequestInit & { signal: AbortSignal }): Promise<unknown> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) {
    const detail = text.replace(/\s+/g, ' ').trim().slice(0, 200);
    throw new Error(`model list: HTTP ${response.status}${detail ? ` ${detail}` : ''}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('model list: the answer is not JSON');
  }
}

export function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
