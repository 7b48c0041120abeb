// The shape of a Messages request, checked at the edge before anything reads it. Only what the proxy itself reads
// (titles, session keys, hygiene, format conversion) is checked, so a malformed body is the client's 400 rather than
// a crash in our code; every other field travels untouched, because Claude Code adds fields every release and the
// vendor is the judge of those. `null` for an optional field counts as absent (the code that reads it does too).

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const absent = (value: unknown) => value === undefined || value === null;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A content block the proxy may read: an object with a string `type`, and the fields its type is read by. */
function blockProblem(block: unknown, where: string): string | undefined {
  if (!isObject(block)) return `${where}: must be a content block object (got ${describe(block)})`;
  if (typeof block.type !== 'string') return `${where}.type: must be a string`;
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? undefined : `${where}.text: must be a string`;
    case 'tool_use':
      if (typeof block.id !== 'string') return `${where}.id: must be a string`;
      return typeof block.name === 'string' ? undefined : `${where}.name: must be a string`;
    case 'tool_result': {
      if (typeof block.tool_use_id !== 'string') return `${where}.tool_use_id: must be a string`;
      const content = block.content;
      if (absent(content) || typeof content === 'string') return undefined;
      if (!Array.isArray(content)) return `${where}.content: must be a string or an array of content blocks`;
      for (const [index, inner] of content.entries()) {
        const problem = blockProblem(inner, `${where}.content.${index}`);
        if (problem) return problem;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function messageProblem(message: unknown, where: string): string | undefined {
  if (!isObject(message)) return `${where}: must be an object (got ${describe(message)})`;
  // Not only "user" and "assistant": Claude Code 2.1 also sends `role: "system"` turns
  // (tests/proxy/fixtures/claude-code-2.1-request.json).
  if (typeof message.role !== 'string' || !message.role) return `${where}.role: must be a string`;
  const { content } = message;
  if (typeof content === 'string') return undefined;
  if (!Array.isArray(content))
    return `${where}.content: must be a string or an array of content blocks (got ${describe(content)})`;
  for (const [index, block] of content.entries()) {
    const problem = blockProblem(block, `${where}.content.${index}`);
    if (problem) return problem;
  }
  return undefined;
}

function systemProblem(system: unknown): string | undefined {
  if (absent(system) || typeof system === 'string') return undefined;
  if (!Array.isArray(system))
    return `system: must be a string or an array of text blocks (got ${describe(system)})`;
  for (const [index, block] of system.entries()) {
    if (!isObject(block) || block.type !== 'text' || typeof block.text !== 'string')
      return `system.${index}: must be a text block ({"type": "text", "text": "…"})`;
  }
  return undefined;
}

function toolsProblem(tools: unknown): string | undefined {
  if (absent(tools)) return undefined;
  if (!Array.isArray(tools)) return `tools: must be an array of tool definitions (got ${describe(tools)})`;
  for (const [index, tool] of tools.entries()) {
    if (!isObject(tool)) return `tools.${index}: must be a tool definition object (got ${describe(tool)})`;
    if (typeof tool.name !== 'string' || !tool.name) return `tools.${index}.name: must be a non-empty string`;
  }
  return undefined;
}

/** Why `value` is not a Messages request the proxy can take, or undefined when it is. */
export function messagesProblem(value: unknown, count: boolean): string | undefined {
  if (!isObject(value)) return `Request body must be a JSON object (got ${describe(value)})`;
  const body = value;
  if (typeof body.model !== 'string' || !body.model) return 'model: field required (a model name string)';
  if (!Array.isArray(body.messages)) return 'messages: field required (an array of messages)';
  if (!count && body.max_tokens !== undefined && typeof body.max_tokens !== 'number')
    return 'max_tokens: must be a number';
  for (const [index, message] of body.messages.entries()) {
    const problem = messageProblem(message, `messages.${index}`);
    if (problem) return problem;
  }
  const problem = systemProblem(body.system) ?? toolsProblem(body.tools);
  if (problem) return problem;
  if (!absent(body.tool_choice) && !(isObject(body.tool_choice) && typeof body.tool_choice.type === 'string'))
    return 'tool_choice: must be an object with a "type"';
  if (!absent(body.metadata) && !isObject(body.metadata)) return 'metadata: must be an object';
  if (!absent(body.stream) && typeof body.stream !== 'boolean') return 'stream: must be a boolean';
  return undefined;
}
