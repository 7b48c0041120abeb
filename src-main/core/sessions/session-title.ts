// A session's title: its first real user message, as the user typed it. Claude Code wraps context around the
// prompt in the same user turn (`<system-reminder>` blocks, slash-command and shell markers), so those are
// stripped; a turn that holds only such context is skipped. Same idea as Claude Code's own "first prompt"
// label: a slash command without text falls back to `/name args`, bash mode reads `! command`.
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';

export const MAX_TITLE_CHARS = 600;

/** Context blocks Claude Code puts into user turns; never something the user typed. */
const CONTEXT_BLOCK =
  /<(system-reminder|local-command-stdout|local-command-stderr|local-command-caveat|bash-stdout|bash-stderr|user-prompt-submit-hook|ide_selection|ide_opened_file|ide_diagnostics|command-message)\b[^>]*>[\s\S]*?<\/\1>/g;
const COMMAND_NAME = /<command-name>\s*([^<]{1,200}?)\s*<\/command-name>/;
const COMMAND_ARGS = /<command-args>([\s\S]*?)<\/command-args>/;
const BASH_INPUT = /<bash-input>([\s\S]*?)<\/bash-input>/;
/** What is left is still machine text: a leading tag, or Claude Code's interruption marker. */
const NOT_TYPED = /^(?:<[a-z][\w-]*[\s>/]|\[Request interrupted by user)/;

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string): string {
  return text.length > MAX_TITLE_CHARS ? `${text.slice(0, MAX_TITLE_CHARS - 1).trimEnd()}…` : text;
}

// Reads what the edge let through, but never trusts a shape: a title is not worth a failed request.
function textsOf(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return content.flatMap((block: unknown) => {
    const { type, text } = (block ?? {}) as { type?: unknown; text?: unknown };
    return type === 'text' && typeof text === 'string' ? [text] : [];
  });
}

/** The title of the conversation in `request`, or '' when no user turn holds typed text yet. */
export function sessionTitleOf(request: Pick<MessagesRequest, 'messages'>): string {
  let commandFallback = '';
  for (const message of Array.isArray(request.messages) ? request.messages : []) {
    if (message?.role !== 'user') continue;
    for (const raw of textsOf(message.content)) {
      const bash = BASH_INPUT.exec(raw);
      if (bash?.[1] !== undefined && squash(bash[1])) return clip(`! ${squash(bash[1])}`);
      const command = COMMAND_NAME.exec(raw);
      if (command?.[1]) {
        const args = squash(COMMAND_ARGS.exec(raw)?.[1] ?? '');
        const name = command[1].startsWith('/') ? command[1] : `/${command[1]}`;
        commandFallback ||= args ? `${name} ${args}` : name;
        continue;
      }
      const text = squash(raw.replace(CONTEXT_BLOCK, ' '));
      if (!text || NOT_TYPED.test(text)) continue;
      return clip(text);
    }
  }
  return clip(commandFallback);
}
