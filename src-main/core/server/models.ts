// `GET /v1/models` for Claude Code's gateway model discovery: the Claude models every tier can serve (each tier
// maps them to its own names). Ids must contain "claude" for Claude Code to keep them.
export const CLAUDE_MODELS = [
  { id: 'claude-opus-4-7', display_name: 'Claude Opus 4.7' },
  { id: 'claude-opus-4-6', display_name: 'Claude Opus 4.6' },
  { id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6' },
  { id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5' },
  { id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5' },
].map((model) => ({ type: 'model', created_at: '2025-01-01T00:00:00Z', ...model }));
