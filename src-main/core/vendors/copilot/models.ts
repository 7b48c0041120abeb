// Copilot spells Claude models its own way (`claude-sonnet-4.5`, not `claude-sonnet-4-5-20250929`) and answers
// 400 `model_not_supported` to the Anthropic spelling (ericc-ch/copilot-api#139). The live catalogue says which
// ids this account may use; resolution follows coding-proxy's copilot_models.py: exact id → Copilot spelling →
// same version spelled differently → same family and major, newest → same family, newest. Never another family.
import { fetchJson, type OfferedModel, positiveInt } from '../model-catalogue.ts';
import { copilotModelsHeaders } from './copilot-headers.ts';

type Family = 'opus' | 'sonnet' | 'haiku';

interface ClaudeVersion {
  family: Family;
  major: number;
  minor: number | undefined;
  /** `claude-3.5-sonnet` style (family last) rather than `claude-sonnet-4.5`. */
  familyLast: boolean;
}

const FAMILY_FIRST = /^claude-(opus|sonnet|haiku)-(\d)(?:[-.](\d{1,2}))?(?:-(?:\d{8}|latest))?$/;
const FAMILY_LAST = /^claude-(\d)(?:[-.](\d{1,2}))?-(opus|sonnet|haiku)(?:-(?:\d{8}|latest))?$/;
/** Copilot once listed Opus 4.1 as `claude-opus-41`; Claude majors are single digits, so read it as 4.1. */
const SQUASHED = /^claude-(opus|sonnet|haiku)-(\d)(\d)$/;

function parseClaude(model: string): ClaudeVersion | undefined {
  const id = model.toLowerCase();
  const first = FAMILY_FIRST.exec(id) ?? SQUASHED.exec(id);
  if (first) {
    return {
      family: first[1] as Family,
      major: Number(first[2]),
      minor: first[3] === undefined ? undefined : Number(first[3]),
      familyLast: false,
    };
  }
  const last = FAMILY_LAST.exec(id);
  if (last) {
    return {
      family: last[3] as Family,
      major: Number(last[1]),
      minor: last[2] === undefined ? undefined : Number(last[2]),
      familyLast: true,
    };
  }
  return undefined;
}

function copilotSpelling(version: ClaudeVersion): string {
  const number = version.minor === undefined ? `${version.major}` : `${version.major}.${version.minor}`;
  return version.familyLast ? `claude-${number}-${version.family}` : `claude-${version.family}-${number}`;
}

/** `claude-sonnet-4-5-20250929` → `claude-sonnet-4.5`; non-Claude names come back unchanged. */
export function copilotModelName(requested: string): string {
  const version = parseClaude(requested);
  return version ? copilotSpelling(version) : requested;
}

function newerFirst(a: ClaudeVersion, b: ClaudeVersion): number {
  return b.major - a.major || (b.minor ?? 0) - (a.minor ?? 0);
}

/** Picks the Copilot id for a requested model, given the ids the catalogue offers (empty when unknown). */
export function resolveCopilotModel(requested: string, catalogueIds: readonly string[]): string {
  if (catalogueIds.includes(requested)) return requested;
  const version = parseClaude(requested);
  if (!version) return requested;
  const spelled = copilotSpelling(version);
  if (catalogueIds.length === 0 || catalogueIds.includes(spelled)) return spelled;
  const sameFamily = catalogueIds
    .map((id) => ({ id, version: parseClaude(id) }))
    .filter(
      (entry): entry is { id: string; version: ClaudeVersion } => entry.version?.family === version.family,
    )
    .sort((a, b) => newerFirst(a.version, b.version));
  const sameVersion = sameFamily.find(
    (entry) => entry.version.major === version.major && entry.version.minor === version.minor,
  );
  if (sameVersion) return sameVersion.id;
  const sameMajor = sameFamily.find((entry) => entry.version.major === version.major);
  return (sameMajor ?? sameFamily[0])?.id ?? spelled;
}

/** Which Copilot API path serves a model (vendors-protocols §5.5; ericc-ch/copilot-api#208). */
export type CopilotEndpoint = '/chat/completions' | '/responses' | '/v1/messages';

/**
 * Claude models listed with `/v1/messages` are served on Copilot's own Anthropic Messages API, unconverted
 * (caozhiyuan/copilot-api PR #120, ericc-ch/copilot-api PR #269: "route each model through an API it advertises");
 * `nativeMessages: false` on the vendor keeps them on `/chat/completions`. GPT-5.x and codex models answer 400
 * `unsupported_api_for_model` on `/chat/completions`; `/models` lists them with `supported_endpoints:
 * ["/responses"]` (zed-industries/zed#41697, caozhiyuan/copilot-api#102). Without a list the model name decides:
 * GPT-5-class and codex ids go to `/responses`, everything else (Claude included) to `/chat/completions`.
 */
export function copilotEndpointFor(
  model: string,
  listed: OfferedModel | undefined,
  nativeMessages = true,
): CopilotEndpoint {
  const endpoints = listed?.endpoints;
  if (endpoints && endpoints.length > 0) {
    if (nativeMessages && endpoints.includes('/v1/messages')) return '/v1/messages';
    if (endpoints.includes('/chat/completions')) return '/chat/completions';
    if (endpoints.includes('/responses')) return '/responses';
  }
  return /^(gpt-5|o\d)|codex/i.test(model) ? '/responses' : '/chat/completions';
}

function parseCatalogue(body: unknown): OfferedModel[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new Error('the Copilot /models answer has no `data` list');
  const models: OfferedModel[] = [];
  for (const entry of data) {
    if (entry === null || typeof entry !== 'object') continue;
    const { id, policy, supported_endpoints, capabilities } = entry as {
      id?: unknown;
      policy?: { state?: unknown };
      supported_endpoints?: unknown;
      capabilities?: { limits?: { max_prompt_tokens?: unknown; max_context_window_tokens?: unknown } };
    };
    if (typeof id !== 'string' || id === '') continue;
    // `policy.state: disabled`: the account (or its organisation) turned the model off.
    if (policy?.state === 'disabled') continue;
    const model: OfferedModel = { id };
    const limits = capabilities?.limits;
    // Copilot enforces the prompt limit, which is below the context window (the window includes the output).
    const window = positiveInt(limits?.max_prompt_tokens) ?? positiveInt(limits?.max_context_window_tokens);
    if (window) model.contextWindow = window;
    if (Array.isArray(supported_endpoints)) {
      const endpoints = supported_endpoints.filter(
        (path): path is string => typeof path === 'string' && path !== '',
      );
      if (endpoints.length) model.endpoints = endpoints;
    }
    models.push(model);
  }
  return models;
}

export interface CopilotModelListOptions {
  /** The current Copilot token and API base; throws (with a sentence) when there is none. */
  credentials: () => Promise<{ token: string; apiBase: string }>;
  /** Config `modelsUrl`; default `{apiBase}/models`. */
  modelsUrl?: string | undefined;
  /** The vendor's configured headers (copilot-headers.ts `withUserHeaders`). */
  headers?: Readonly<Record<string, string>>;
}

/** One read of Copilot's `/models`, for `createModelCatalogue`. */
export function copilotModelList(
  options: CopilotModelListOptions,
): (signal: AbortSignal) => Promise<OfferedModel[]> {
  return async (signal) => {
    const credentials = await options.credentials();
    const url = options.modelsUrl ?? `${credentials.apiBase}/models`;
    const headers = copilotModelsHeaders(credentials.token, options.headers);
    return parseCatalogue(await fetchJson(url, { headers, signal }));
  };
}
