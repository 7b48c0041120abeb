import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';
import { MAX_TITLE_CHARS, sessionTitleOf } from './session-title.ts';

const REMINDER =
  '<system-reminder>\nAttribution for git commits and pull requests you create from here on…\n</system-reminder>\n';

function request(messages: MessagesRequest['messages']): MessagesRequest {
  return { model: 'claude-sonnet-4-5', messages };
}

describe('sessionTitleOf', () => {
  it('takes the typed prompt out of the first user turn Claude Code wraps in system reminders', () => {
    // The shape `claude -p "say hi"` sends (captured from @anthropic-ai/claude-code 2.1.x).
    const title = sessionTitleOf(
      request([
        {
          role: 'user',
          content: [
            { type: 'text', text: REMINDER },
            { type: 'text', text: 'say hi' },
          ],
        },
      ]),
    );
    assert.equal(title, 'say hi');
  });

  it('strips reminders inside the same text and squashes whitespace', () => {
    const title = sessionTitleOf(
      request([{ role: 'user', content: `${REMINDER}  Fix the\n\nflaky   test in router.ts ` }]),
    );
    assert.equal(title, 'Fix the flaky test in router.ts');
  });

  it('skips turns that hold only context or tool results, and interruption markers', () => {
    const title = sessionTitleOf(
      request([
        { role: 'user', content: [{ type: 'text', text: REMINDER }] },
        { role: 'assistant', content: 'ok' },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'file contents' }],
        },
        { role: 'user', content: '[Request interrupted by user]' },
        { role: 'user', content: '<local-command-stdout>done</local-command-stdout>' },
        { role: 'user', content: 'now rename it' },
      ]),
    );
    assert.equal(title, 'now rename it');
  });

  it('falls back to the slash command when nothing was typed, and reads bash mode as "! command"', () => {
    const command =
      '<command-message>review is running…</command-message>\n<command-name>/review</command-name>\n<command-args>PR 12</command-args>';
    assert.equal(sessionTitleOf(request([{ role: 'user', content: command }])), '/review PR 12');
    assert.equal(
      sessionTitleOf(request([{ role: 'user', content: '<bash-input>npm test</bash-input>' }])),
      '! npm test',
    );
  });

  it('is empty when no turn has typed text yet, and never longer than 600 characters', () => {
    assert.equal(
      sessionTitleOf(request([{ role: 'user', content: [{ type: 'text', text: REMINDER }] }])),
      '',
    );
    const long = sessionTitleOf(request([{ role: 'user', content: 'x '.repeat(1000) }]));
    assert.equal(long.length, MAX_TITLE_CHARS);
    assert.ok(long.endsWith('…'));
  });

  it('skips content it cannot read instead of throwing (the title is never worth a failed request)', () => {
    const odd = [
      { role: 'user', content: 5 },
      { role: 'user', content: [null, 7, { type: 'text', text: 9 }, { type: 'text', text: 'the real one' }] },
    ] as unknown as MessagesRequest['messages'];
    assert.equal(sessionTitleOf(request(odd)), 'the real one');
    assert.equal(sessionTitleOf({ messages: 'x' } as unknown as MessagesRequest), '');
  });
});
