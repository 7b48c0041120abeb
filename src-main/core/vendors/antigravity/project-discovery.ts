// Which Google Cloud project Code Assist bills: `loadCodeAssist` knows it for an onboarded account; otherwise
// `onboardUser` creates it (a long-running operation, polled). vendors-protocols.md §6.3 (CPA's Antigravity way).
// Each call tries the Cloud Code hosts in turn (production first), moving on when a host itself fails, as
// NoeFabris/opencode-antigravity-auth does with `ANTIGRAVITY_LOAD_ENDPOINTS` (src/constants.endpoint.test.ts).
import type { UpstreamError } from '../../common/upstream-error.ts';
import { readGeminiError } from '../gemini/errors.ts';
import { hostRefused, hostThrew } from './host-failure.ts';

const METADATA = { ideType: 'ANTIGRAVITY', platform: 'PLATFORM_UNSPECIFIED', pluginType: 'GEMINI' };

export interface ProjectDiscoveryOptions {
  /** The plan's control hosts, in order. */
  hosts: readonly string[];
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
  let failure: UpstreamError = { kind: 'network', code: 'project_discovery', message: 'no Cloud Code host' };
  for (const host of options.hosts) {
    let response: Response;
    try {
      response = await fetch(`${host}/v1internal:${method}`, {
        method: 'POST',
        headers: { ...options.headers, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (error) {
      failure = {
        kind: 'network',
        code: 'project_discovery',
        message: `${host}: ${(error as Error).message}`,
      };
      if (hostThrew(error)) continue;
      throw failure;
    }
    const text = await response.text();
    if (!response.ok) {
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      failure = readGeminiError(response.status, text, headers);
      if (hostRefused(response.status, failure)) continue;
      throw failure;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      return isRecord(parsed) ? parsed : {};
    } catch {
      // Not a Code Assist answer (e.g. the plain-text "no longer supported"): another host may give one.
      const said = text.replace(/\s+/g, ' ').trim().slice(0, 120);
      failure = {
        kind: 'stream',
        afterContent: false,
        type: 'api_error',
        message: `${host} ${method}: "${said}"`,
      };
    }
  }
  throw failure;
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
