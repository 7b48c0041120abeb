// Claude Code's sub-agents, title generation and `-p` runs open their system prompt with the Agent SDK identity.
// Antigravity answers any request carrying it with a 429 RESOURCE_EXHAUSTED that is not a quota at all
// (request-level A/B tests in router-for-me/CLIProxyAPI#5037 and Wei-Shaw/sub2api#7410; CPA PR #5049), which
// would cost the tier its breaker and quota guard. The line tells Gemini or Claude-on-Google nothing they need.
import type { MessagesRequest, TextBlock } from '../../../../src-shared/anthropic.ts';

const AGENT_SDK_IDENTITY = /You are a Claude agent, built on Anthropic[’']s Claude Agent SDK\.?[ \t]*\n?/g;

function strip(text: string): string {
  return text.replace(AGENT_SDK_IDENTITY, '');
}

/** The request without the Agent SDK identity line (the same object when there is none). */
export function withoutAgentSdkIdentity(request: MessagesRequest): MessagesRequest {
  const { system } = request;
  if (typeof system === 'string') {
    const cleaned = strip(system);
    return cleaned === system ? request : { ...request, system: cleaned };
  }
  if (!Array.isArray(system)) return request;
  let changed = false;
  const blocks: TextBlock[] = [];
  for (const block of system) {
    const cleaned = typeof block.text === 'string' ? strip(block.text) : block.text;
    if (cleaned === block.text) {
      blocks.push(block);
      continue;
    }
    changed = true;
    if (cleaned.trim() !== '') blocks.push({ ...block, text: cleaned });
  }
  return changed ? { ...request, system: blocks } : request;
}
