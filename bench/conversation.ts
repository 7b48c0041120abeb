// A Claude Code–shaped request of realistic size: a long system prompt, a dozen tools with JSON schemas, and a
// conversation of tool calls and file-content results (about `targetBytes` of JSON). Real agent sessions send
// 100 KB–1 MB on every turn, so per-request work that scales with the body (parsing, depth checks, token
// estimates) shows here and not with a one-line prompt. Deterministic: every run sends the same bytes.

const LINE =
  'export function relay(chunk: Buffer): void { queue.push(chunk); if (queue.length > 8) flush(); }\n';

function fileContent(turn: number): string {
  let text = '';
  for (let line = 0; line < 30; line++) text += LINE.replace('> 8', `> ${turn * 30 + line}`);
  return text;
}

function tool(index: number): object {
  return {
    name: `tool_${index}`,
    description: `Tool number ${index}: reads, edits or searches files in the workspace. `.repeat(6),
    input_schema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'Absolute path of the file' },
        pattern: { type: 'string', description: 'A regular expression' },
        options: {
          type: 'object',
          properties: { limit: { type: 'number' }, context: { type: 'number' } },
        },
      },
      required: ['path'],
    },
  };
}

export function conversationBody(targetBytes: number, stream = true): string {
  const messages: object[] = [{ role: 'user', content: 'Refactor the relay so it never copies chunks.' }];
  const base = {
    model: 'claude-sonnet-4-5',
    max_tokens: 32_000,
    stream,
    system: [
      { type: 'text', text: 'You are a coding agent. '.repeat(400), cache_control: { type: 'ephemeral' } },
    ],
    tools: Array.from({ length: 12 }, (_, i) => tool(i)),
    metadata: { user_id: 'user_bench_account__session_4f0c2a8e-5b1d-4c3a-9e7f-0a1b2c3d4e5f' },
    messages,
  };
  let size = JSON.stringify(base).length;
  for (let turn = 0; size < targetBytes; turn++) {
    const id = `toolu_${String(turn).padStart(6, '0')}`;
    const assistant = {
      role: 'assistant',
      content: [
        { type: 'text', text: `Reading file ${turn} to see how it buffers.` },
        { type: 'tool_use', id, name: `tool_${turn % 12}`, input: { path: `/src/file-${turn}.ts` } },
      ],
    };
    const user = {
      role: 'user',
      // Every file read differs (a real session rereads nothing twice in one request).
      content: [{ type: 'tool_result', tool_use_id: id, content: fileContent(turn) }],
    };
    messages.push(assistant, user);
    size += JSON.stringify(assistant).length + JSON.stringify(user).length + 2;
  }
  messages.push({ role: 'user', content: 'Go on.' });
  return JSON.stringify(base);
}
