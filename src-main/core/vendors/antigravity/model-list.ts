// Antigravity's catalogue: `POST /v1internal:fetchAvailableModels` with the project, answered as
// `{models: {"<id>": {displayName, maxTokens, maxOutputTokens, …}}}` (router-for-me/CLIProxyAPI
// cmd/fetch_antigravity_models/main.go @a7e3596). `maxTokens` is the model's context window.
import { fetchJson, type OfferedModel, positiveInt } from '../model-catalogue.ts';

export function antigravityModelList(options: {
  baseUrl: string;
  /** Access token, project and User-Agent; throws with a sentence when there is no sign-in yet. */
  session: () => Promise<{ headers: Record<string, string>; project: string }>;
}): (signal: AbortSignal) => Promise<OfferedModel[]> {
  return async (signal) => {
    const { headers, project } = await options.session();
    const body = (await fetchJson(`${options.baseUrl}/v1internal:fetchAvailableModels`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ project }),
      signal,
    })) as { models?: unknown };
    const entries = body.models && typeof body.models === 'object' ? Object.entries(body.models) : [];
    return entries.map(([id, data]) => {
      const model: OfferedModel = { id };
      const window = positiveInt((data as { maxTokens?: unknown } | null)?.maxTokens);
      if (window) model.contextWindow = window;
      return model;
    });
  };
}
