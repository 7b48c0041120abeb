// The headers Copilot checks. It only serves clients that look like VS Code's Copilot Chat extension, so these
// values follow what copilot-api (ericc-ch) and coding-proxy (ThreeFish-AI) send; bump them together.
import { randomUUID } from 'node:crypto';

export const COPILOT_EDITOR_VERSION = 'vscode/1.104.3';
export const COPILOT_PLUGIN_VERSION = 'copilot-chat/0.26.7';
export const COPILOT_USER_AGENT = 'GitHubCopilotChat/0.26.7';
export const COPILOT_API_VERSION = '2025-04-01';
export const COPILOT_INTEGRATION_ID = 'vscode-chat';

function editorHeaders(): Record<string, string> {
  return {
    'editor-version': COPILOT_EDITOR_VERSION,
    'editor-plugin-version': COPILOT_PLUGIN_VERSION,
    'user-agent': COPILOT_USER_AGENT,
    'x-github-api-version': COPILOT_API_VERSION,
    'x-vscode-user-agent-library-version': 'electron-fetch',
  };
}

/** For `GET api.github.com/copilot_internal/v2/token`: note GitHub's `token` scheme, not `Bearer`. */
export function tokenExchangeHeaders(githubToken: string): Record<string, string> {
  return { authorization: `token ${githubToken}`, accept: 'application/json', ...editorHeaders() };
}

export interface CopilotCallOptions {
  /** Premium-request billing: `user` is charged, `agent` (tool loops, subagents, background calls) is not. */
  initiator: 'user' | 'agent';
  vision: boolean;
  requestId?: string;
}

/** For every call to the Copilot API host (`/chat/completions`, `/models`). */
export function copilotApiHeaders(copilotToken: string, options: CopilotCallOptions): Record<string, string> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${copilotToken}`,
    'content-type': 'application/json',
    accept: 'application/json',
    'copilot-integration-id': COPILOT_INTEGRATION_ID,
    ...editorHeaders(),
    'openai-intent': 'conversation-panel',
    'x-request-id': options.requestId ?? randomUUID(),
    'x-initiator': options.initiator,
  };
  if (options.vision) headers['copilot-vision-request'] = 'true';
  return headers;
}
