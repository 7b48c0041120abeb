// Every header Copilot checks, in one place. Copilot serves only clients that look like a current VS Code Copilot
// Chat: on 2026-02-11 it answered HTTP 466 "the specified API version is no longer supported" to everyone still
// sending copilot-chat/0.26.7 + x-github-api-version 2025-04-01 (ericc-ch/copilot-api#189–191, caozhiyuan/
// copilot-api#92). Values follow the maintained fork: caozhiyuan/copilot-api src/lib/api-config.ts @01ffd88
// (copilot-chat 0.50.1, API 2026-06-01, openai-intent conversation-agent, x-interaction-type, x-agent-task-id)
// and its later header tests (copilot-chat 0.52.0, vscode/1.120.0). When Copilot moves again, bump them here;
// users can override any of them with the vendor's `headers` without waiting for a release.
import { randomUUID } from 'node:crypto';

export const COPILOT_EDITOR_VERSION = 'vscode/1.120.0';
export const COPILOT_PLUGIN_VERSION = 'copilot-chat/0.52.0';
export const COPILOT_USER_AGENT = 'GitHubCopilotChat/0.52.0';
/** The Copilot API host's version header. */
export const COPILOT_API_VERSION = '2026-06-01';
/** api.github.com (the token exchange) still takes its own older API version. */
export const GITHUB_API_VERSION = '2025-04-01';
export const COPILOT_INTEGRATION_ID = 'vscode-chat';

/**
 * The sentence a user reads when Copilot refuses the client version we announce (HTTP 466 or "no longer
 * supported"): what was sent, and the two ways out. `overrides` are the vendor's configured headers.
 */
export function outdatedClientAdvice(overrides: Record<string, string> = {}): string {
  const overridden = Object.keys(overrides).some((key) =>
    ['editor-plugin-version', 'x-github-api-version', 'user-agent'].includes(key.toLowerCase()),
  );
  // Configured header values are masked in messages (they may hold secrets), so they are not quoted here.
  const announced = overridden
    ? "set in this vendor's headers"
    : `${COPILOT_PLUGIN_VERSION}, API ${COPILOT_API_VERSION}`;
  return (
    `Copilot no longer accepts the client version this tier announces (${announced}): update coding-proxy, ` +
    'or set newer "editor-plugin-version", "user-agent" and "x-github-api-version" values in this vendor\'s ' +
    'headers'
  );
}

function editorHeaders(): Record<string, string> {
  return {
    'editor-version': COPILOT_EDITOR_VERSION,
    'editor-plugin-version': COPILOT_PLUGIN_VERSION,
    'user-agent': COPILOT_USER_AGENT,
    'x-vscode-user-agent-library-version': 'electron-fetch',
  };
}

/**
 * The vendor's configured `headers` win over the built-in values on every Copilot call — the token exchange,
 * `/models`, `/chat/completions` and `/responses` alike — so a user can announce a newer client version (the 466
 * advice above) without waiting for a release. Never the credential: `authorization` stays ours.
 */
export function withUserHeaders(
  headers: Record<string, string>,
  overrides: Readonly<Record<string, string>> = {},
): Record<string, string> {
  for (const [name, value] of Object.entries(overrides)) {
    const key = name.toLowerCase();
    if (key !== 'authorization') headers[key] = value;
  }
  return headers;
}

/** For `GET api.github.com/copilot_internal/v2/token`: note GitHub's `token` scheme, not `Bearer`. */
export function tokenExchangeHeaders(
  githubToken: string,
  overrides?: Readonly<Record<string, string>>,
): Record<string, string> {
  const headers = {
    authorization: `token ${githubToken}`,
    accept: 'application/json',
    ...editorHeaders(),
    'x-github-api-version': GITHUB_API_VERSION,
  };
  return withUserHeaders(headers, overrides);
}

export interface CopilotCallOptions {
  /** Premium-request billing: `user` is charged, `agent` (tool loops, subagents, background calls) is not. */
  initiator: 'user' | 'agent';
  vision: boolean;
  /** A subagent's call: Copilot Chat marks it `conversation-subagent`. */
  subagent?: boolean;
  /** Stable per conversation (Claude Code's session id), like VS Code's interaction id. */
  interactionId?: string | undefined;
  requestId?: string;
  /** The vendor's configured headers (see `withUserHeaders`). */
  overrides?: Readonly<Record<string, string>>;
}

function apiHeaders(copilotToken: string, requestId: string): Record<string, string> {
  return {
    authorization: `Bearer ${copilotToken}`,
    'copilot-integration-id': COPILOT_INTEGRATION_ID,
    ...editorHeaders(),
    'x-github-api-version': COPILOT_API_VERSION,
    'x-request-id': requestId,
    'x-agent-task-id': requestId,
  };
}

/** For inference calls on the Copilot API host (`/chat/completions`, `/responses`). */
export function copilotApiHeaders(copilotToken: string, options: CopilotCallOptions): Record<string, string> {
  const headers: Record<string, string> = {
    ...apiHeaders(copilotToken, options.requestId ?? randomUUID()),
    'content-type': 'application/json',
    accept: 'application/json',
    'openai-intent': 'conversation-agent',
    'x-interaction-type': options.subagent ? 'conversation-subagent' : 'conversation-agent',
    'x-initiator': options.subagent ? 'agent' : options.initiator,
  };
  if (options.interactionId) headers['x-interaction-id'] = options.interactionId;
  if (options.vision) headers['copilot-vision-request'] = 'true';
  return withUserHeaders(headers, options.overrides);
}

/** For `GET /models`, which Copilot Chat sends as a "model-access" interaction. */
export function copilotModelsHeaders(
  copilotToken: string,
  overrides?: Readonly<Record<string, string>>,
): Record<string, string> {
  const headers = {
    ...apiHeaders(copilotToken, randomUUID()),
    accept: 'application/json',
    'openai-intent': 'model-access',
    'x-interaction-type': 'model-access',
  };
  return withUserHeaders(headers, overrides);
}
