import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessagesRequest } from '../../../../src-shared/anthropic.ts';
import { type OpenAIRequestOptions, toOpenAIRequest } from './request.ts';

const options: OpenAIRequestOptions = { model: 'gpt-4.1', stream: false };

function convert(request: Partial<MessagesRequest>, overrides: Partial<OpenAIRequestOptions> = {}) {
  return toOpenAIRequest(
    { model: 'claude-sonnet-4-5', messages: [], ...request },
    { ...options, ...overrides },
  );
}

describe('toOpenAIRequest', () => {
  it('sends the mapped model, max_tokens, temperature and top_p, and drops top_k', () => {
    const body = convert({ max_tokens: 1024, temperature: 0.2, top_p: 0.9, top_k: 5 });
    assert.deepEqual(body, {
      model: 'gpt-4.1',
      messages: [],
      max_tokens: 1024,
      temperature: 0.2,
      top_p: 0.9,
    });
  });

  it('uses max_completion_tokens instead of max_tokens when asked (OpenAI reasoning models)', () => {
    const body = convert({ max_tokens: 1024 }, { useMaxCompletionTokens: true });
    assert.equal(body.max_completion_tokens, 1024);
    assert.equal('max_tokens' in body, false);
  });

  it('turns a system string into the first message', () => {
    const body = convert({ system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }] });
    assert.deepEqual(body.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('joins system blocks into one system message without their cache_control', () => {
    const body = convert({
      system: [
        { type: 'text', text: 'You are Claude Code.' },
        { type: 'text', text: '' },
        { type: 'text', text: 'Project rules.', cache_control: { type: 'ephemeral' } },
      ],
    });
    assert.deepEqual(body.messages, [{ role: 'system', content: 'You are Claude Code.\n\nProject rules.' }]);
  });

  it('collapses text-only user blocks to a string and never emits cache_control anywhere', () => {
    const body = convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: '<system-reminder>x</system-reminder>' },
            { type: 'text', text: 'Fix the bug', cache_control: { type: 'ephemeral' } },
          ],
        },
      ],
      tools: [{ name: 'Read', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }],
    });
    assert.deepEqual(body.messages, [
      { role: 'user', content: '<system-reminder>x</system-reminder>\n\nFix the bug' },
    ]);
    assert.equal(JSON.stringify(body).includes('cache_control'), false);
  });

  it('sends base64 images as data URLs and URL images as their URL, next to the text', () => {
    const body = convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
            { type: 'image', source: { type: 'file', file_id: 'file_1' } },
          ],
        },
      ],
    });
    assert.deepEqual(body.messages, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
          { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } },
        ],
      },
    ]);
  });

  it('turns assistant tool_use into tool_calls with JSON string arguments and null content', () => {
    const body = convert({
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Let me look', signature: 'sig' },
            { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { path: 'a.ts' } },
            { type: 'tool_use', id: 'toolu_2', name: 'Glob', input: 'not an object' },
          ],
        },
      ],
    });
    assert.deepEqual(body.messages, [
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{"path":"a.ts"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'Glob', arguments: '{}' } },
        ],
      },
    ]);
  });

  it('keeps assistant text beside tool calls and drops thinking and redacted thinking', () => {
    const body = convert({
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'text', text: 'Reading it.' },
            { type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} },
          ],
        },
      ],
    });
    assert.deepEqual(body.messages[0], {
      role: 'assistant',
      content: 'Reading it.',
      tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{}' } }],
    });
    assert.equal(JSON.stringify(body).includes('opaque'), false);
  });

  it('drops an assistant turn that held only thinking', () => {
    const body = convert({
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 's' }] },
        { role: 'user', content: 'b' },
      ],
    });
    assert.deepEqual(
      body.messages.map((m) => m.role),
      ['user', 'user'],
    );
  });

  it('puts tool results first, in order, as tool messages, and the user text after them', () => {
    const body = convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Also check b.ts' },
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'file a' },
            {
              type: 'tool_result',
              tool_use_id: 'toolu_2',
              content: [
                { type: 'text', text: 'line 1' },
                { type: 'text', text: 'line 2' },
              ],
            },
            { type: 'tool_result', tool_use_id: 'toolu_3', content: 'no such file', is_error: true },
            { type: 'tool_result', tool_use_id: 'toolu_4' },
          ],
        },
      ],
    });
    assert.deepEqual(body.messages, [
      { role: 'tool', tool_call_id: 'toolu_1', content: 'file a' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'line 1\nline 2' },
      { role: 'tool', tool_call_id: 'toolu_3', content: '[ERROR]\nno such file' },
      { role: 'tool', tool_call_id: 'toolu_4', content: '' },
      { role: 'user', content: 'Also check b.ts' },
    ]);
  });

  it('moves images returned by a tool into a user message right after the tool messages', () => {
    const body = convert({
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: [
                { type: 'text', text: 'screenshot taken' },
                { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AAA' } },
              ],
            },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: 'ok' },
          ],
        },
      ],
    });
    assert.deepEqual(body.messages, [
      { role: 'tool', tool_call_id: 'toolu_1', content: 'screenshot taken' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'ok' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Image(s) returned by tool call toolu_1:' },
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAA' } },
        ],
      },
    ]);
  });

  it('maps tools to functions and leaves out Anthropic server tools', () => {
    const body = convert({
      tools: [
        {
          name: 'Read',
          description: 'Reads a file',
          input_schema: { type: 'object', properties: { path: { type: 'string' } } },
        },
        { name: 'Ping' },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
      ],
    });
    assert.deepEqual(body.tools, [
      {
        type: 'function',
        function: {
          name: 'Read',
          description: 'Reads a file',
          parameters: { type: 'object', properties: { path: { type: 'string' } } },
        },
      },
      { type: 'function', function: { name: 'Ping', parameters: { type: 'object', properties: {} } } },
    ]);
  });

  const choices: Array<[MessagesRequest['tool_choice'], unknown]> = [
    [{ type: 'auto' }, 'auto'],
    [{ type: 'any' }, 'required'],
    [{ type: 'none' }, 'none'],
    [
      { type: 'tool', name: 'Read' },
      { type: 'function', function: { name: 'Read' } },
    ],
  ];
  for (const [choice, expected] of choices) {
    it(`maps tool_choice ${choice?.type} to ${JSON.stringify(expected)}`, () => {
      const body = convert({
        tools: [{ name: 'Read', input_schema: { type: 'object' } }],
        tool_choice: choice,
      });
      assert.deepEqual(body.tool_choice, expected);
      assert.equal('parallel_tool_calls' in body, false);
    });
  }

  it('asks for one tool call at a time when parallel tool use is disabled', () => {
    const body = convert({
      tools: [{ name: 'Read', input_schema: { type: 'object' } }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
    });
    assert.equal(body.parallel_tool_calls, false);
  });

  it('sends no tool_choice when no tool survives', () => {
    const body = convert({ tools: [{ type: 'bash_20250124', name: 'bash' }], tool_choice: { type: 'auto' } });
    assert.equal('tools' in body, false);
    assert.equal('tool_choice' in body, false);
  });

  it('maps stop_sequences to stop, at most four', () => {
    assert.deepEqual(convert({ stop_sequences: ['a', 'b', '', 'c', 'd', 'e'] }).stop, ['a', 'b', 'c', 'd']);
    assert.equal('stop' in convert({ stop_sequences: [] }), false);
  });

  it('asks for usage in streams', () => {
    const body = convert({}, { stream: true });
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
  });

  it('never emits Anthropic-only fields', () => {
    const body = convert({
      metadata: { user_id: 'user_abc' },
      thinking: { type: 'enabled', budget_tokens: 2000 },
      context_management: { edits: [] },
      stream: true,
    });
    assert.deepEqual(Object.keys(body).sort(), ['messages', 'model']);
  });
});
