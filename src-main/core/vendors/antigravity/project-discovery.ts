// Which Google Cloud project Code Assist bills: `loadCodeAssist` knows it for an onboarded account; otherwise
// `onboardUser` creates it (a long-running operation, polled). vendors-protocols.md §6.3 (CPA's Antigravity way).
import type { UpstreamError } from '../../common/upstream-error.ts';
import { readGeminiError } from '../gemini/errors.ts';

const METADATA = { ideType: 'ANTIGRAVITY', platform: 'PLATFORM_UNSPECIFIED', pluginType: 'GEMINI' };

export interface ProjectDiscoveryOptions {
  baseUrl: string;
  headers: Record<string, string>;
  /** Waits between onboarding polls; injected so tests do not wait for real. */
  sleep: (ms: number) => Promise<void>;
  onboardAttempts?: number;
  pollMs?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `cloudaicompanionProject` is a string or `{ id }` depending on the endpoint. */
function projectOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (isRecord(value) && typeof value.id === 'string' && value.id !== '') return value.id;
  return undefined;
}

async function post(
  options: ProjectDiscoveryOptions,
  method: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(`${options.baseUrl}/v1internal:${method}`, {
      method: 'POST',
      headers: { ...options.headers, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw { kind: 'network', code: 'project_discovery', message: (error as Error).message } as UpstreamError;
  }
  const text = await response.text();
  if (!response.ok) {
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    throw readGeminiError(response.status, text, headers);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

export async function discoverProject(options: ProjectDiscoveryOptions): Promise<string> {
  const loaded = await post(options, 'loadCodeAssist', { metadata: METADATA });
  const known = projectOf(loaded.cloudaicompanionProject);
  if (known) return known;

  const allowed = Array.isArray(loaded.allowedTiers) ? loaded.allowedTiers.filter(isRecord) : [];
  const defaultTier = allowed.find((tier) => tier.isDefault === true)?.id;
  const currentTier = isRecord(loaded.currentTier) ? loaded.currentTier.id : undefined;
  const tierId =
    typeof defaultTier === 'string'
      ? defaultTier
      : typeof currentTier === 'string'
        ? currentTier
        : 'free-tier';

  const attempts = options.onboardAttempts ?? 5;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const operation = await post(options, 'onboardUser', { tierId, metadata: METADATA });
    if (operation.done === true) {
      const project = projectOf(
        isRecord(operation.response) ? operation.response.cloudaicompanionProject : undefined,
      );
      if (project) return project;
      break;
    }
    if (attempt < attempts - 1) await options.sleep(options.pollMs ?? 2_000);
  }
  const message =
    'Google Code Assist did not provide a project for this account; set projectId on the vendor';
  throw { kind: 'auth', message, signInNeeded: false } as UpstreamError;
}
