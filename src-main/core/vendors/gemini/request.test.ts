import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Message, MessagesRequest, ToolDefinition } from '../../../../src-shared/anthropic.ts';
import type { GeminiPart } from './gemini-types.ts';
import { toGeminiRequest } from './request.ts';
import { encodeThoughtSignature, SKIP_SIGNATURE_SENTINEL } from './thought-signature.ts';

const claudeCodeTools = JSON.parse(
  readFileSync(new URL('./fixtures/claude-code-tools.json', import.meta.url), 'utf8'),
) as ToolDefinition[];

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** A Claude Code conversation: parallel tool calls, results out of order, an error result, images, thinking. */
const history: Message[] = [
  { role: 'user', content: [{ type: 'text', text: 'List the files', cache_control: { type: 'ephemeral' } }] },
  {
    role: 'assistant',
    content: [
      { type: 'thinking', thinking: 'Anthropic reasoning', signature: 'EqQBCkYIBxgCKkBanthropic' },
      { type: 'text', text: "I'll look." },
      { type: 'tool_use', id: 'toolu_01A', name: 'Bash', input: { command: 'ls' } },
      { type: 'tool_use', id: 'toolu_01B', name: 'Read', input: { file_path: '/repo/a.png' } },
    ],
  },
  {
    role: 'user',
    content: [
      {
        type: 'tool_result',
        tool_use_id: 'toolu_01B',
        content: [
          { type: 'text', text: 'image file' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
        ],
      },
      { type: 'tool_result', tool_use_id: 'toolu_01A', content: 'a.png\nb.txt' },
      { type: 'text', text: '<system-reminder>todo list is empty</system-reminder>' },
    ],
  },
  {
    role: 'assistant',
    content: [
      { type: 'thinking', thinking: '', signature: encodeThoughtSignature('call', 'CiQBGemSig==') },
      { type: 'tool_use', id: 'toolu_gem_1', name: 'Glob', input: { pattern: '**/*.ts' } },
    ],
  },
  {
    role: 'user',
    content: [{ type: 'tool_result', tool_use_id: 'toolu_gem_1', content: 'boom', is_error: true }],
  },
  {
    role: 'assistant',
    content: [
      { type: 'text', text: 'Done.' },
      { type: 'text', text: '' },
    ],
  },
  { role: 'user', content: 'thanks' },
];

function request(overrides: Partial<MessagesRequest> = {}): MessagesRequest {
  return { model: 'claude-sonnet-4-5', max_tokens: 32000, messages: history, ...overrides };
}

function allParts(body: ReturnType<typeof toGeminiRequest>): GeminiPart[] {
  return body.contents.flatMap((content) => content.parts);
}

describe('toGeminiRequest: conversation history', () => {
  const body = toGeminiRequest(request(), { model: 'gemini-2.5-pro' });

  it('maps roles to user/model and keeps turns alternating', () => {
    assert.deepEqual(
      body.contents.map((content) => content.role),
      ['user', 'model', 'user', 'model', 'user', 'model', 'user'],
    );
  });

  it('turns tool_use blocks into functionCall parts with their arguments', () => {
    assert.deepEqual(body.contents[1]?.parts, [
      { text: "I'll look." },
      { functionCall: { id: 'toolu_01A', name: 'Bash', args: { command: 'ls' } } },
      { functionCall: { id: 'toolu_01B', name: 'Read', args: { file_path: '/repo/a.png' } } },
    ]);
  });

  it('answers every call in call order, naming the function found through the tool_use id', () => {
    const parts = body.contents[2]?.parts ?? [];
    assert.deepEqual(parts[0], {
      functionResponse: { id: 'toolu_01A', name: 'Bash', response: { result: 'a.png\nb.txt' } },
    });
    assert.deepEqual(parts[1], {
      functionResponse: { id: 'toolu_01B', name: 'Read', response: { result: 'image file' } },
    });
    assert.deepEqual(parts[2], { inlineData: { mimeType: 'image/png', data: PNG } });
    assert.deepEqual(parts[3], { text: '<system-reminder>todo list is empty</system-reminder>' });
  });

  it('sends error results as { error } and replays a Gemini call signature on its functionCall', () => {
    assert.deepEqual(body.contents[3]?.parts, [
      {
        functionCall: { id: 'toolu_gem_1', name: 'Glob', args: { pattern: '**/*.ts' } },
        thoughtSignature: 'CiQBGemSig==',
      },
    ]);
    assert.deepEqual(body.contents[4]?.parts, [
      { functionResponse: { id: 'toolu_gem_1', name: 'Glob', response: { error: 'boom' } } },
    ]);
  });

  it('drops thinking from other vendors and never sends empty text parts', () => {
    const parts = allParts(body);
    assert.ok(parts.every((part) => part.thought !== true));
    assert.ok(parts.every((part) => part.text === undefined || part.text.trim() !== ''));
    assert.ok(!JSON.stringify(body).includes('anthropic'));
    assert.ok(!JSON.stringify(body).includes('cache_control'));
  });

  it('replays a Gemini thought with its signature', () => {
    const messages: Message[] = [
      { role: 'user', content: 'hi' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Plan: greet', signature: encodeThoughtSignature('thought', 'SIG') },
          { type: 'text', text: 'Hello' },
        ],
      },
      { role: 'user', content: 'again' },
    ];
    const out = toGeminiRequest(request({ messages }), { model: 'gemini-2.5-pro' });
    assert.deepEqual(out.contents[1]?.parts, [
      { text: 'Plan: greet', thought: true, thoughtSignature: 'SIG' },
      { text: 'Hello' },
    ]);
  });
});

describe('toGeminiRequest: turn repairs Gemini insists on', () => {
  it('merges consecutive messages of the same role', () => {
    const out = toGeminiRequest(
      request({
        messages: [
          { role: 'user', content: 'one' },
          { role: 'user', content: [{ type: 'text', text: 'two' }] },
        ],
      }),
      { model: 'gemini-2.5-flash' },
    );
    assert.deepEqual(out.contents, [{ role: 'user', parts: [{ text: 'one' }, { text: 'two' }] }]);
  });

  it('synthesises a response for a call left unanswered and turns an orphan result into text', () => {
    const out = toGeminiRequest(
      request({
        messages: [
          { role: 'user', content: 'go' },
          {
            role: 'assistant',
            content: [
              { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'a' } },
              { type: 'tool_use', id: 'toolu_2', name: 'Bash', input: { command: 'b' } },
            ],
          },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' },
              { type: 'tool_result', tool_use_id: 'toolu_old', content: 'stale' },
            ],
          },
        ],
      }),
      { model: 'gemini-2.5-pro' },
    );
    const parts = out.contents[2]?.parts ?? [];
    assert.equal(parts.filter((part) => part.functionResponse).length, 2);
    assert.deepEqual(parts[1]?.functionResponse?.response, {
      error: 'No result was returned for this tool call.',
    });
    assert.match(parts[2]?.text ?? '', /stale/);
  });

  it('drops a trailing model turn whose calls were never answered', () => {
    const out = toGeminiRequest(
      request({
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} }] },
        ],
      }),
      { model: 'gemini-2.5-pro' },
    );
    assert.deepEqual(out.contents, [{ role: 'user', parts: [{ text: 'go' }] }]);
  });

  it('gives Gemini 3 the skip sentinel when a call has no signature of its own', () => {
    const out = toGeminiRequest(request(), { model: 'gemini-3-pro-preview' });
    const calls = out.contents[1]?.parts.filter((part) => part.functionCall) ?? [];
    assert.equal(calls[0]?.thoughtSignature, SKIP_SIGNATURE_SENTINEL);
    assert.equal(calls[1]?.thoughtSignature, undefined);
    assert.equal(out.contents[3]?.parts[0]?.thoughtSignature, 'CiQBGemSig==');
  });

  it('sends a placeholder user turn for an empty history', () => {
    const out = toGeminiRequest(request({ messages: [] }), { model: 'gemini-2.5-pro' });
    assert.deepEqual(out.contents, [{ role: 'user', parts: [{ text: ' ' }] }]);
  });
});

describe('toGeminiRequest: system, tools and settings', () => {
  it('moves system text into systemInstruction without the billing header', () => {
    const out = toGeminiRequest(
      request({
        system: [
          { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.0.1' },
          { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
          { type: 'text', text: '' },
        ],
      }),
      { model: 'gemini-2.5-pro' },
    );
    assert.deepEqual(out.systemInstruction, { role: 'user', parts: [{ text: 'You are Claude Code.' }] });
  });

  it('declares Claude Code tools with cleaned parameters and drops server tools', () => {
    const tools = [...claudeCodeTools, { type: 'web_search_20250305', name: 'web_search', max_uses: 5 }];
    const out = toGeminiRequest(request({ tools }), { model: 'gemini-2.5-pro' });
    const declarations = out.tools?.[0]?.functionDeclarations ?? [];
    assert.equal(declarations.length, claudeCodeTools.length);
    const bash = declarations.find((d) => d.name === 'Bash');
    assert.equal(bash?.parameters?.type, 'OBJECT');
    assert.deepEqual(bash?.parameters?.required, ['command']);
    assert.ok(!JSON.stringify(out.tools).includes('$schema'));
    assert.ok(!JSON.stringify(out.tools).includes('additionalProperties'));
  });

  it('omits parameters for a tool without arguments and sanitises names Gemini rejects', () => {
    const out = toGeminiRequest(
      request({
        tools: [
          { name: 'NoArgs', input_schema: { type: 'object', properties: {} } },
          {
            name: 'mcp__my server__do/thing',
            input_schema: { type: 'object', properties: { a: { type: 'string' } } },
          },
        ],
        tool_choice: { type: 'tool', name: 'mcp__my server__do/thing' },
      }),
      { model: 'gemini-2.5-pro' },
    );
    assert.deepEqual(out.tools?.[0]?.functionDeclarations[0], { name: 'NoArgs' });
    assert.equal(out.tools?.[0]?.functionDeclarations[1]?.name, 'mcp__my_server__do_thing');
    assert.deepEqual(out.toolConfig, {
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['mcp__my_server__do_thing'] },
    });
  });

  for (const [choice, mode] of [
    ['auto', 'AUTO'],
    ['any', 'ANY'],
    ['none', 'NONE'],
  ] as const) {
    it(`maps tool_choice ${choice} to ${mode}`, () => {
      const out = toGeminiRequest(
        request({ tools: claudeCodeTools.slice(0, 1), tool_choice: { type: choice } }),
        {
          model: 'gemini-2.5-pro',
        },
      );
      assert.deepEqual(out.toolConfig, { functionCallingConfig: { mode } });
    });
  }

  it('maps sampling settings into generationConfig, keeping at most five stop sequences', () => {
    const out = toGeminiRequest(
      request({ temperature: 0.2, top_p: 0.9, top_k: 40, stop_sequences: ['a', 'b', 'c', 'd', 'e', 'f'] }),
      { model: 'gemini-2.5-pro' },
    );
    assert.deepEqual(out.generationConfig, {
      maxOutputTokens: 32000,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stopSequences: ['a', 'b', 'c', 'd', 'e'],
    });
  });

  it('maps a thinking budget to thinkingBudget on 2.5 models and to thinkingLevel on Gemini 3, never both', () => {
    const thinking = { type: 'enabled', budget_tokens: 10_000 } as const;
    const pro = toGeminiRequest(request({ thinking }), { model: 'gemini-2.5-pro' });
    assert.deepEqual(pro.generationConfig?.thinkingConfig, { includeThoughts: true, thinkingBudget: 10_000 });
    const flash = toGeminiRequest(request({ thinking: { type: 'enabled', budget_tokens: 50_000 } }), {
      model: 'gemini-2.5-flash',
    });
    assert.deepEqual(flash.generationConfig?.thinkingConfig, {
      includeThoughts: true,
      thinkingBudget: 24_576,
    });
    const three = toGeminiRequest(request({ thinking }), { model: 'gemini-3-pro-preview' });
    assert.deepEqual(three.generationConfig?.thinkingConfig, {
      includeThoughts: true,
      thinkingLevel: 'high',
    });
    const off = toGeminiRequest(request({ thinking: { type: 'disabled' } }), { model: 'gemini-2.5-pro' });
    assert.equal(off.generationConfig?.thinkingConfig, undefined);
  });
});
