// OpenAI-compatible `GET {base}/models` → `{data: [{id, …}]}`. Windows are read where servers publish them:
// OpenRouter `context_length`, vLLM `max_model_len`, others `context_window`.
import { fetchJson, type OfferedModel, positiveInt } from '../model-catalogue.ts';
import { joinUrl } from '../http-headers.ts';

export function openAIModelList(options: {
  baseUrl: string | undefined;
  headers: Record<string, string>;
}): (signal: AbortSignal) => Promise<OfferedModel[]> {
  return async (signal) => {
    if (!options.baseUrl) throw new Error('no baseUrl configured');
    const body = (await fetchJson(joinUrl(options.baseUrl, 'models'), {
      headers: options.headers,
      signal,
    })) as {
      data?: unknown;
    };
    if (!Array.isArray(body.data)) throw new Error('model list: the answer has no `data` list');
    return body.data.flatMap((entry: unknown): OfferedModel[] => {
      const item = entry as {
        id?: unknown;
        context_length?: unknown;
        max_model_len?: unknown;
        context_window?: unknown;
      };
      if (typeof item?.id !== 'string' || item.id === '') return [];
      const model: OfferedModel = { id: item.id };
      const window =
        positiveInt(item.context_length) ??
        positiveInt(item.max_model_len) ??
        positiveInt(item.context_window);
      if (window) model.contextWindow = window;
      return [model];
    });
  };
}
