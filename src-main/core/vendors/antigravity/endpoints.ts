// Which Cloud Code hosts an Antigravity tier talks to, in which order. Google runs the same v1internal API on a
// production host and on "daily" hosts; one of them failing (down, 5xx, or answering an outdated-client text that
// another does not) is common enough that every maintained client keeps an ordered list and moves on:
// - router-for-me/CLIProxyAPI @a7e3596: generate on daily → prod (`antigravityBaseURLFallbackOrder` in
//   internal/runtime/executor/antigravity_executor_request.go, the daily sandbox commented out); loadCodeAssist on
//   prod; the catalogue prod → daily → daily sandbox (cmd/fetch_antigravity_models/main.go).
// - NoeFabris/opencode-antigravity-auth @1588a54 (src/constants.endpoint.test.ts): generate on daily → daily
//   sandbox → prod ("autopush sandbox consistently unavailable", dropped); loadCodeAssist prod → daily → daily
//   sandbox (`ANTIGRAVITY_LOAD_ENDPOINTS`).
import type { VendorConfig } from '../../../../src-shared/config-schema.ts';

export const CLOUD_CODE_PROD = 'https://cloudcode-pa.googleapis.com';
export const CLOUD_CODE_DAILY = 'https://daily-cloudcode-pa.googleapis.com';
export const CLOUD_CODE_DAILY_SANDBOX = 'https://daily-cloudcode-pa.sandbox.googleapis.com';

/** Generate calls: the daily host first (what the Antigravity app itself uses), production last. */
export const GENERATE_HOSTS = [CLOUD_CODE_DAILY, CLOUD_CODE_DAILY_SANDBOX, CLOUD_CODE_PROD] as const;
/** Sign-in state, project and catalogue live on production; the daily hosts answer them too. */
export const CONTROL_HOSTS = [CLOUD_CODE_PROD, CLOUD_CODE_DAILY, CLOUD_CODE_DAILY_SANDBOX] as const;

export interface EndpointPlan {
  /** Hosts for streamGenerateContent / generateContent, tried in this order (sticky host first). */
  generate: readonly string[];
  /** Hosts for loadCodeAssist, onboardUser and fetchAvailableModels, tried in this order. */
  control: readonly string[];
}

const trimmed = (url: string) => url.replace(/\/+$/, '');

/**
 * A `baseUrl` the user set is that one host and nothing else (a gateway, a test fake: no fallback, as before);
 * `endpoints` replaces the list for every call; otherwise the maintained clients' orders above.
 */
export function endpointPlan(config: Pick<VendorConfig, 'baseUrl' | 'endpoints'>): EndpointPlan {
  if (config.baseUrl) {
    const only = [trimmed(config.baseUrl)];
    return { generate: only, control: only };
  }
  if (config.endpoints?.length) {
    const listed = [...new Set(config.endpoints.map(trimmed))];
    return { generate: listed, control: listed };
  }
  return { generate: GENERATE_HOSTS, control: CONTROL_HOSTS };
}

/** `url` moved to `host`, path and query kept (the hosts serve the same v1internal paths). */
export function onHost(url: string, host: string): string {
  const parsed = new URL(url);
  return `${host}${parsed.pathname}${parsed.search}`;
}

/** The host part of `url` as the plan spells it (scheme, name, port). */
export function hostOf(url: string): string {
  return new URL(url).origin;
}
