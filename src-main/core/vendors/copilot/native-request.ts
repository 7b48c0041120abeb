// Claude models on Copilot's own Anthropic Messages endpoint, `<endpoints.api>/v1/messages`, listed in `/models`
// `supported_endpoints` for the claude-* ids. The request stays Anthropic's — thinking with signatures, adaptive
// thinking and effort, tool_use, documents all keep their meaning — minus what Copilot refuses. Learned from the
// maintained implementations (read, not copied): caozhiyuan/copilot-api src/services/copilot/create-messages.ts and
// src/routes/messages/preprocess.ts (PR #120 "the Claude model is using the message API"), ericc-ch/copilot-api
// PR #269 and issue #217, earendil-works/pi PR #1353 / issue #1341, agentgateway/agentgateway PR #2662.
import type { IncomingHttpHeaders } from 'node:http';
import type { Message, MessagesRequest } from '../../../../src-shared/anthropic.ts';
import { unmarkBlock } from './native-signature.ts';

/** Anthropic's API version header, as the Anthropic SDK (pi #1353) and LiteLLM (BerriAI/litellm#28054) send it. */
export const ANTHROPIC_VERSION = '2023-06-01';

/**
 * Betas Copilot answers 400 "Unexpected value(s) … for the `anthropic-beta` header" to (advisor tool:
 * agentgateway#2662, anthropics/claude-code#70563; the retired 1M-context beta: github/gh-aw#34556), and the
 * Claude-plan OAuth beta, which describes a credential that never travels to GitHub.
 */
const REFUSED_BETAS = new Set(['advisor-tool-2026-03-01', 'context-1m-2025-08-07', 'oauth-2025-04-20']);

/** Copilot accepts `context_management` only with its beta announced (ericc-ch/copilot-api#217, comments). */
const CONTEXT_MANAGEMENT_BETA = 'context-management-2025-06-27';

/** What Copilot Chat announces for budgeted thinking when the client names no beta (caozhiyuan create-messages). */
const INTERLEAVED_THINKING_BETA = 'interleaved-thinking-2025-05-14';

/** The `anthropic-beta` values to send Copilot: the client's, minus the refused ones. */
export function copilotBetas(request: MessagesRequest, clientHeaders: IncomingHttpHeaders): string[] {
  const sent = clientHeaders['anthropic-beta'];
  const named = (Array.isArray(sent) ? sent.join(',') : (sent ?? ''))
    .split(',')
    .map((beta) => beta.trim())
    .filter((beta) => beta !== '');
  if (named.length === 0) return request.thinking?.type === 'enabled' ? [INTERLEAVED_THINKING_BETA] : [];
  return [...new Set(named)].filter((beta) => !REFUSED_BETAS.has(beta));
}

/** The Anthropic headers of a call to `/v1/messages`; Copilot's own come from copilot-headers.ts. */
export function nativeHeaders(
  betas: readonly string[],
  clientHeaders: IncomingHttpHeaders,
): Record<string, string> {
  const version = clientHeaders['anthropic-version'];
  const headers: Record<string, string> = {
    'anthropic-version': typeof version === 'string' && version !== '' ? version : ANTHROPIC_VERSION,
  };
  if (betas.length > 0) headers['anthropic-beta'] = betas.join(',');
  return headers;
}

/** Only Copilot's own thinking goes back to it; an assistant turn left empty gets a placeholder (a 400 otherwise). */
function withOwnThinking(message: Message): Message {
  if (message.role !== 'assistant' || !Array.isArray(message.content)) return message;
  let changed = false;
  const kept: Message['content'] = [];
  for (const block of message.content) {
    const own = unmarkBlock(block);
    if (own !== block) changed = true;
    if (own) kept.push(own);
  }
  if (!changed) return message;
  return { ...message, content: kept.length > 0 ? kept : [{ type: 'text', text: '[thinking]' }] };
}

/**
 * `cache_control.scope` is refused everywhere on Copilot's Messages API (caozhiyuan preprocess.ts
 * `stripCacheControlScope`); `type` and `ttl` stay, so prompt caching keeps working.
 */
function withoutScope(key: string, value: unknown): unknown {
  if (key !== 'cache_control' || value === null || typeof value !== 'object' || !('scope' in value))
    return value;
  const { scope: _scope, ...rest } = value as { scope?: unknown };
  return rest;
}

/** The body for `/v1/messages`: the client's request on Copilot's model id, without what Copilot refuses. */
export function nativeMessagesBody(
  request: MessagesRequest,
  model: string,
  stream: boolean,
  betas: readonly string[],
): string {
  // Top-level (automatic) `cache_control` is refused by most Claude models on Copilot (caozhiyuan preprocess.ts).
  const { cache_control: _automaticCaching, context_management: contextManagement, ...rest } = request;
  const body: MessagesRequest = { ...rest, model, stream, messages: request.messages.map(withOwnThinking) };
  if (contextManagement !== undefined && betas.includes(CONTEXT_MANAGEMENT_BETA))
    body.context_management = contextManagement;
  return JSON.stringify(body, withoutScope);
}
