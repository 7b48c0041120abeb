// Gemini's `models.list` (GET {base}/models, paged): which models this key may call and their `inputTokenLimit`.
// Only models that support generateContent are kept (embedding and image-only models are listed too).
import { fetchJson, type OfferedModel, positiveInt } from '../model-catalogue.ts';

interface GeminiModelEntry {
  name?: unknown;
  inputTokenLimit?: unknown;
  supportedGenerationMethods?: unknown;
}

/** Google pages the list; a key sees well under a thousand models, this only guards against a loop. */
const MAX_PAGES = 10;

export function geminiModelList(options: {
  baseUrl: string;
  apiKey: string | undefined;
}): (signal: AbortSignal) => Promise<OfferedModel[]> {
  return async (signal) => {
    if (!options.apiKey) throw new Error('no apiKey configured');
    const models: OfferedModel[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = new URL(`${options.baseUrl}/models`);
      url.searchParams.set('pageSize', '1000');
      if (pageToken) url.searchParams.set('pageToken', pageToken);
      const body = (await fetchJson(url.toString(), {
        headers: { 'x-goog-api-key': options.apiKey, accept: 'application/json' },
        signal,
      })) as { models?: unknown; nextPageToken?: unknown };
      for (const entry of Array.isArray(body.models) ? (body.models as GeminiModelEntry[]) : []) {
        if (typeof entry?.name !== 'string') continue;
        const methods = entry.supportedGenerationMethods;
        if (Array.isArray(methods) && !methods.includes('generateContent')) continue;
        const model: OfferedModel = { id: entry.name.replace(/^models\//, '') };
        const window = positiveInt(entry.inputTokenLimit);
        if (window) model.contextWindow = window;
        models.push(model);
      }
      pageToken =
        typeof body.nextPageToken === 'string' && body.nextPageToken ? body.nextPageToken : undefined;
      if (!pageToken) break;
    }
    return models;
  };
}
