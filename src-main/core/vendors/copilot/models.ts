// Copilot spells Claude models its own way (`claude-sonnet-4.5`, not `claude-sonnet-4-5-20250929`) and answers
// 400 `model_not_supported` to the Anthropic spelling (ericc-ch/copilot-api#139). The live catalogue says which
// ids this account may use; resolution follows coding-proxy's copilot_models.py: exact id → Copilot spelling →
// same version spelled differently → same family and major, newest → same family, newest. Never another family.
import { copilotApiHeaders } from './copilot-headers.ts';

export const MODELS_CACHE_TTL_MS = 300_000;
const MODELS_TIMEOUT_MS = 5_000;

export interface CopilotModel {
  id: string;
  vendor: string | undefined;
  /** `policy.state`; `disabled` means the account (or its organisation) turned the model off. */
  policyState: string | undefined;
}

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

function parseCatalogue(body: unknown): CopilotModel[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new Error('the Copilot /models answer has no `data` list');
  const models: CopilotModel[] = [];
  for (const entry of data) {
    if (entry === null || typeof entry !== 'object') continue;
    const { id, vendor, policy } = entry as { id?: unknown; vendor?: unknown; policy?: { state?: unknown } };
    if (typeof id !== 'string' || id === '') continue;
    models.push({
      id,
      vendor: typeof vendor === 'string' ? vendor : undefined,
      policyState: typeof policy?.state === 'string' ? policy.state : undefined,
    });
  }
  return models;
}

export interface CopilotModelCatalogueOptions {
  /** The current Copilot token and API base, or undefined when there is none. */
  credentials: () => Promise<{ token: string; apiBase: string } | undefined>;
  /** Config `modelsUrl`; default `{apiBase}/models`. */
  modelsUrl?: string | undefined;
  now: () => number;
  ttlMs?: number;
}

export interface CopilotModelCatalogue {
  /** The catalogue, refetched when older than the TTL; the last good one (or []) when the fetch fails. */
  refresh(signal?: AbortSignal): Promise<readonly CopilotModel[]>;
  /** Ids usable for resolution right now, without any I/O (for the synchronous `mapModel`). */
  usableIds(): readonly string[];
  /** Forget the catalogue (after `model_not_supported`, so the next request reads a fresh one). */
  invalidate(): void;
}

export function createCopilotModelCatalogue(options: CopilotModelCatalogueOptions): CopilotModelCatalogue {
  const ttlMs = options.ttlMs ?? MODELS_CACHE_TTL_MS;
  let models: readonly CopilotModel[] = [];
  let fetchedAt: number | undefined;
  let inFlight: Promise<readonly CopilotModel[]> | undefined;

  async function fetchCatalogue(signal: AbortSignal | undefined): Promise<readonly CopilotModel[]> {
    const credentials = await options.credentials();
    if (!credentials) return models;
    const url = options.modelsUrl ?? `${credentials.apiBase}/models`;
    const timeout = AbortSignal.timeout(MODELS_TIMEOUT_MS);
    try {
      const response = await fetch(url, {
        headers: copilotApiHeaders(credentials.token, { initiator: 'agent', vision: false }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      if (!response.ok) return models;
      models = parseCatalogue(await response.json());
      fetchedAt = options.now();
    } catch {
      // Resolution degrades to the Copilot spelling; the chat call itself will say if that is wrong.
    }
    return models;
  }

  return {
    refresh(signal) {
      if (fetchedAt !== undefined && options.now() - fetchedAt < ttlMs) return Promise.resolve(models);
      inFlight ??= fetchCatalogue(signal).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    usableIds: () => models.filter((model) => model.policyState !== 'disabled').map((model) => model.id),
    invalidate() {
      fetchedAt = undefined;
    },
  };
}
