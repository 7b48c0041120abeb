// Answers of the three native APIs as their servers send them today, for the passthrough tests. Shapes from
// the providers' API references:
// - OpenAI chat completion object and chunk (`stream_options.include_usage` → a last chunk with `choices: []`
//   and `usage`): https://platform.openai.com/docs/api-reference/chat/object,
//   https://platform.openai.com/docs/api-reference/chat-streaming; Responses streaming events
//   (`response.created` … `response.completed` carrying `response.usage`):
//   https://platform.openai.com/docs/api-reference/responses-streaming; embeddings:
//   https://platform.openai.com/docs/api-reference/embeddings/object
// - Gemini `GenerateContentResponse` with `usageMetadata` (promptTokenCount includes cachedContentTokenCount;
//   thoughtsTokenCount is apart from candidatesTokenCount) and `streamGenerateContent?alt=sse` (one JSON
//   response per `data:` line, usage on each, final on the last): https://ai.google.dev/api/generate-content
// - Anthropic Message and its stream: https://docs.anthropic.com/en/api/messages,
//   https://docs.anthropic.com/en/docs/build-with-claude/streaming

const sse = (data: unknown, event?: string) =>
  `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

export const OPENAI_CHAT_JSON = {
  id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
  object: 'chat.completion',
  created: 1741570283,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Hello from OpenAI.', refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: {
    prompt_tokens: 1117,
    completion_tokens: 46,
    total_tokens: 1163,
    prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  },
  service_tier: 'default',
  system_fingerprint: 'fp_fc9f1d7035',
};

const chunk = (delta: object, finish: string | null) => ({
  id: 'chatcmpl-stream-1',
  object: 'chat.completion.chunk',
  created: 1741570283,
  model: 'gpt-4o-mini-2024-07-18',
  system_fingerprint: 'fp_06737a9306',
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  usage: null,
});

export const OPENAI_CHAT_SSE: string[] = [
  sse(chunk({ role: 'assistant', content: '', refusal: null }, null)),
  sse(chunk({ content: 'Hel' }, null)),
  sse(chunk({ content: 'lo' }, null)),
  sse(chunk({}, 'stop')),
  sse({
    id: 'chatcmpl-stream-1',
    object: 'chat.completion.chunk',
    created: 1741570283,
    model: 'gpt-4o-mini-2024-07-18',
    system_fingerprint: 'fp_06737a9306',
    choices: [],
    usage: {
      prompt_tokens: 2006,
      completion_tokens: 300,
      total_tokens: 2306,
      prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 128, audio_tokens: 0 },
    },
  }),
  sse('[DONE]'),
];

const responseObject = (status: string, usage: object | null) => ({
  id: 'resp_67ccd2bed1ec8190b14f964abc054267',
  object: 'response',
  created_at: 1741476542,
  status,
  model: 'gpt-4.1-2025-04-14',
  output: [],
  usage,
});

export const OPENAI_RESPONSES_SSE: string[] = [
  sse(
    { type: 'response.created', sequence_number: 0, response: responseObject('in_progress', null) },
    'response.created',
  ),
  sse(
    {
      type: 'response.output_text.delta',
      sequence_number: 1,
      item_id: 'msg_1',
      output_index: 0,
      content_index: 0,
      delta: 'Hi',
    },
    'response.output_text.delta',
  ),
  sse(
    {
      type: 'response.completed',
      sequence_number: 2,
      response: responseObject('completed', {
        input_tokens: 328,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 52,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 380,
      }),
    },
    'response.completed',
  ),
];

export const OPENAI_EMBEDDINGS_JSON = {
  object: 'list',
  data: [{ object: 'embedding', embedding: [0.0023064255, -0.009327292, -0.0028842222], index: 0 }],
  model: 'text-embedding-3-small',
  usage: { prompt_tokens: 8, total_tokens: 8 },
};

const geminiChunk = (text: string, usage: object, finish?: string) => ({
  candidates: [
    { content: { parts: [{ text }], role: 'model' }, ...(finish ? { finishReason: finish } : {}), index: 0 },
  ],
  usageMetadata: usage,
  modelVersion: 'gemini-2.5-flash',
  responseId: 'c2hvcnQtcmVzcG9uc2UtaWQ',
});

export const GEMINI_GENERATE_JSON = geminiChunk(
  'Hello from Gemini.',
  {
    promptTokenCount: 5000,
    candidatesTokenCount: 200,
    totalTokenCount: 5500,
    cachedContentTokenCount: 4096,
    thoughtsTokenCount: 300,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: 5000 }],
  },
  'STOP',
);

export const GEMINI_STREAM_SSE: string[] = [
  // Gemini streams `\r\n`-terminated lines with alt=sse.
  `data: ${JSON.stringify(geminiChunk('Hel', { promptTokenCount: 40, totalTokenCount: 40 }))}\r\n\r\n`,
  `data: ${JSON.stringify(geminiChunk('lo', { promptTokenCount: 40, candidatesTokenCount: 12, thoughtsTokenCount: 20, totalTokenCount: 72 }, 'STOP'))}\r\n\r\n`,
];

export const ANTHROPIC_MESSAGE_JSON = {
  id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [{ type: 'text', text: 'Hello from Anthropic.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: {
    input_tokens: 21,
    cache_creation_input_tokens: 188086,
    cache_read_input_tokens: 0,
    output_tokens: 393,
    service_tier: 'standard',
  },
};

export const ANTHROPIC_STREAM_SSE: string[] = [
  sse(
    {
      type: 'message_start',
      message: {
        id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
        type: 'message',
        role: 'assistant',
        content: [],
        model: 'claude-sonnet-4-5-20250929',
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: 25,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 1800,
          output_tokens: 1,
        },
      },
    },
    'message_start',
  ),
  sse(
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    'content_block_start',
  ),
  sse({ type: 'ping' }, 'ping'),
  sse(
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
    'content_block_delta',
  ),
  sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'),
  sse(
    {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 15 },
    },
    'message_delta',
  ),
  sse({ type: 'message_stop' }, 'message_stop'),
];
