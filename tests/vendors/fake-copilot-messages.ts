// Copilot's own Anthropic Messages endpoint, `<endpoints.api>/v1/messages`, as the fake Copilot serves it. What the
// real one does, and where that is known from (read, not copied):
// - only models whose `/models` entry lists `/v1/messages` are served there; Copilot spells them its way
//   (`claude-sonnet-4.5`) and answers other ids with its gateway error `{"error":{"message","code":
//   "model_not_supported"}}` (ericc-ch/copilot-api#139; caozhiyuan/copilot-api PR #120 routes Claude by the list);
// - the request and the answer are Anthropic's: SSE `message_start … message_stop` or one JSON message, thinking
//   blocks with a `signature` (sent as `signature_delta`), Anthropic usage incl. cache counts, and Copilot's own
//   `copilot_usage` next to it (caozhiyuan/copilot-api src/routes/messages/api-flows.ts reads both);
// - it refuses, with a 400: the `advisor-tool-2026-03-01` beta (agentgateway/agentgateway#2662), the retired
//   `context-1m-2025-08-07` beta (github/gh-aw#34556), `context_management` without its beta ("Extra inputs are
//   not permitted", ericc-ch/copilot-api#217 and its comments), top-level `cache_control` and `cache_control.scope`
//   (caozhiyuan preprocess.ts `stripCacheControl`), and thinking signatures it did not mint (Anthropic's "Invalid
//   `signature` in `thinking` block"; caozhiyuan preprocess.ts `filterAssistantThinkingBlocks` drops such blocks);
// - the model's own refusals keep Anthropic's error shape `{"type":"error","error":{…}}` — an assumption: the
//   endpoint fronts Anthropic's API and the maintained forks forward its errors as they come;
// - like Anthropic's API, it may fail inside a 200 stream with an `error` event (platform.claude.com "Streaming
//   messages", error events; here a `rate_limit_error` before any content);
// - premium requests are billed by `x-initiator` (earendil-works/pi#1341), read by the tests from the recording.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { json } from './recording-server.ts';

export const MESSAGES_TEXT = 'copilot messages answered';
export const MESSAGES_THINKING = 'Claude thought about it on Copilot';

const REFUSED_BETAS = ['advisor-tool-2026-03-01', 'context-1m-2025-08-07'];

interface MessagesBody {
  model: string;
  stream?: boolean;
  thinking?: { type: string };
  cache_control?: unknown;
  context_management?: unknown;
  messages: Array<{ role: string; content: unknown }>;
}

export interface MessagesState {
  /** Every signature this fake minted: a thinking block carrying another one is refused. */
  minted: Set<string>;
  /** Model ids listed with `/v1/messages`. */
  nativeModels: () => string[];
}

function refusal(res: ServerResponse, message: string): undefined {
  return json(res, 400, { type: 'error', error: { type: 'invalid_request_error', message } });
}

function refusedField(body: MessagesBody, betas: string[]): string | undefined {
  const refusedBeta = betas.find((beta) => REFUSED_BETAS.includes(beta));
  if (refusedBeta) return `Unexpected value(s) \`${refusedBeta}\` for the \`anthropic-beta\` header.`;
  if (body.cache_control !== undefined) return 'cache_control: Extra inputs are not permitted';
  if (body.context_management !== undefined && !betas.includes('context-management-2025-06-27'))
    return 'context_management: Extra inputs are not permitted';
  if (/"cache_control":\{[^}]*"scope"/.test(JSON.stringify(body)))
    return 'cache_control.scope: Extra inputs are not permitted';
  return undefined;
}

function foreignSignature(body: MessagesBody, minted: Set<string>): string | undefined {
  for (const [i, message] of body.messages.entries()) {
    if (message.role !== 'assistant' || !Array.isArray(message.content)) continue;
    for (const [j, block] of (message.content as Array<{ type: string; signature?: string }>).entries()) {
      if (block.type === 'thinking' && !minted.has(block.signature ?? ''))
        return `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`;
    }
  }
  return undefined;
}

const usageStart = {
  input_tokens: 42,
  cache_creation_input_tokens: 7,
  cache_read_input_tokens: 1200,
  output_tokens: 1,
};

function contentOf(body: MessagesBody, signature: string) {
  const thinks = body.thinking !== undefined && body.thinking.type !== 'disabled';
  return [
    ...(thinks ? [{ type: 'thinking', thinking: MESSAGES_THINKING, signature }] : []),
    { type: 'text', text: MESSAGES_TEXT },
  ];
}

function streamAnswer(res: ServerResponse, body: MessagesBody, signature: string): void {
  const event = (type: string, data: object) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const message = { id: 'msg_copilot_1', type: 'message', role: 'assistant', model: body.model, content: [] };
  let out = event('message_start', {
    message: { ...message, stop_reason: null, stop_sequence: null, usage: usageStart },
  });
  for (const [index, block] of contentOf(body, signature).entries()) {
    if (block.type === 'thinking') {
      out += event('content_block_start', {
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      });
      out += event('content_block_delta', {
        index,
        delta: { type: 'thinking_delta', thinking: MESSAGES_THINKING },
      });
      out += event('content_block_delta', { index, delta: { type: 'signature_delta', signature } });
    } else {
      out += event('content_block_start', { index, content_block: { type: 'text', text: '' } });
      out += event('content_block_delta', { index, delta: { type: 'text_delta', text: MESSAGES_TEXT } });
    }
    out += event('content_block_stop', { index });
  }
  out += event('message_delta', {
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: 17 },
    copilot_usage: { total_nano_aiu: 1000 },
  });
  out += event('message_stop', {});
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(out);
}

export function answerMessages(
  state: MessagesState,
  headers: IncomingHttpHeaders,
  rawBody: string,
  res: ServerResponse,
): undefined {
  const body = JSON.parse(rawBody) as MessagesBody;
  if (!state.nativeModels().includes(body.model))
    return json(res, 400, {
      error: { message: 'The requested model is not supported.', code: 'model_not_supported' },
    });
  const betas = String(headers['anthropic-beta'] ?? '')
    .split(',')
    .map((beta) => beta.trim())
    .filter(Boolean);
  const problem = refusedField(body, betas) ?? foreignSignature(body, state.minted);
  if (problem) return refusal(res, problem);
  if (rawBody.includes('HUGE-PROMPT')) {
    return json(res, 400, {
      error: {
        message: 'prompt token count of 200123 exceeds the limit of 128000',
        code: 'model_max_prompt_tokens_exceeded',
      },
    });
  }
  if (rawBody.includes('THROTTLED-IN-STREAM')) {
    // A failure after the 200, as Anthropic's API documents it for streams ("errors can occur after a 200").
    const start = {
      type: 'message_start',
      message: {
        id: 'msg_copilot_2',
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: usageStart,
      },
    };
    const error = {
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Rate limited. Please try again in 20s.' },
    };
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(
      `event: message_start\ndata: ${JSON.stringify(start)}\n\nevent: error\ndata: ${JSON.stringify(error)}\n\n`,
    );
    return undefined;
  }
  const signature = `copilot-sig-${state.minted.size + 1}`;
  state.minted.add(signature);
  if (body.stream) {
    streamAnswer(res, body, signature);
    return undefined;
  }
  return json(res, 200, {
    id: 'msg_copilot_1',
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: contentOf(body, signature),
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { ...usageStart, output_tokens: 17 },
    copilot_usage: { total_nano_aiu: 1000 },
  });
}
