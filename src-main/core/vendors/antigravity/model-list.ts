// Antigravity's catalogue: `POST /v1internal:fetchAvailableModels` with the project, answered as
// `{models: {"<id>": {displayName, maxTokens, maxOutputTokens, …}}}` (router-for-me/CLIProxyAPI
// cmd/fetch_antigravity_models/main.go @a7e3596). `maxTokens` is the model's context window. Like that tool, each
// Cloud Code host is asked in turn (production first) until one answers with a catalogue.
import { fetchJson, type OfferedModel, positiveInt } from '../model-catalogue.ts';

export function antigravityModelList(options: {
  /** The plan's control hosts, in order. */
  hosts: readonly string[];
  /** Access token, project and User-Agent; throws with a sentence when there is no sign-in yet. */
  session: () => Promise<{ headers: Record<string, string>; project: string }>;
}): (signal: AbortSignal) => Promise<OfferedModel[]> {
  return async (signal) => {
    const { headers, project } = await options.session();
    let failure: unknown = new Error('model list: no Cloud Code host configured');
    for (const host of options.hosts) {
      let body: { models?: unknown };
      try {
        body = (await fetchJson(`${host}/v1internal:fetchAvailableModels`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ project }),
          signal,
        })) as { models?: unknown };
      } catch (error) {
        if (signal.aborted) throw error;
        failure = error;
        continue;
      }
      if (!body.models || typeof body.models !== 'object') {
        failure = new Error(`model list: ${host} answered without a catalogue`);
        continue;
      }
      return Object.entries(body.models).map(([id, data]) => {
        const model: OfferedModel = { id };
        const window = positiveInt((data as { maxTokens?: unknown } | null)?.maxTokens);
        if (window) model.contextWindow = window;
        return model;
      });
    }
    throw failure;
  };
}
