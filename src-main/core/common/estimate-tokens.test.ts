import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { MessagesRequest } from '../../../src-shared/anthropic.ts';
import claudeCodeTools from '../vendors/gemini/fixtures/claude-code-tools.json' with { type: 'json' };
import { ESTIMATE_BAND, estimateTokens, forgetRememberedTexts, textTokens } from './estimate-tokens.ts';

const require = createRequire(import.meta.url);
const { getTokenizer } = require('@anthropic-ai/tokenizer') as {
  getTokenizer(): { encode(text: string, allowed: 'all'): { length: number }; free(): void };
};
const ROOT = join(import.meta.dirname, '..', '..', '..');

function request(partial: Partial<MessagesRequest>): MessagesRequest {
  return { model: 'claude-sonnet-4-5', messages: [], ...partial };
}

/** Deterministic bytes (blobs must be the same on every run). */
function bytes(count: number, seed: number): Buffer {
  let state = seed;
  return Buffer.from(
    Array.from({ length: count }, () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state >> 23;
    }),
  );
}

/** Up to `count` slices of 2–6 KB of the files under `dir` whose names end in one of `endings`. */
function slices(dir: string, endings: string[], count: number): string[] {
  const files = readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => endings.some((ending) => name.endsWith(ending)) && !name.endsWith('.test.ts'))
    .sort();
  const step = Math.max(1, Math.floor(files.length / count));
  return files
    .filter((_, index) => index % step === 0)
    .slice(0, count)
    .map((name, index) => {
      const text = readFileSync(join(ROOT, dir, name), 'utf8');
      const start = (index * 997) % Math.max(1, text.length - 6000);
      return text.slice(start, start + 2000 + ((index * 1543) % 4000));
    })
    .filter((text) => text.length > 400);
}

const zhStrings = [
  ...readFileSync(join(ROOT, 'src-renderer/i18n/strings.ts'), 'utf8').matchAll(
    /'([^']*[\u4e00-\u9fff][^']*)'/g,
  ),
]
  .map((match) => match[1])
  .join('\n');

/** What the auditors measured, and the kinds of text a Claude Code request carries. */
const CORPUS: Record<string, { texts: string[]; typical: boolean }> = {
  'the auditors’ three': {
    texts: [
      'word '.repeat(5000),
      'const x = foo(bar, baz);\n'.repeat(2000),
      'lorem ipsum dolor sit amet '.repeat(8000),
    ],
    typical: false,
  },
  TypeScript: { texts: slices('src-main/core', ['.ts'], 24), typical: true },
  'Markdown prose': {
    texts: [...slices('docs', ['.md'], 4), readFileSync(join(ROOT, 'README.md'), 'utf8')],
    typical: true,
  },
  JSON: {
    texts: [JSON.stringify(claudeCodeTools), JSON.stringify(claudeCodeTools, null, 2)],
    typical: false,
  },
  CJK: {
    texts: [zhStrings, '你好世界，这是一个测试。我们正在测量分词器的行为。'.repeat(300)],
    typical: false,
  },
  'base64 / hex / ids': {
    texts: [
      bytes(6000, 1).toString('base64'),
      bytes(3000, 2).toString('hex'),
      JSON.stringify({ data: bytes(8000, 3).toString('base64url') }),
      Array.from({ length: 200 }, (_, i) =>
        bytes(16, i)
          .toString('hex')
          .replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-'),
      ).join(', '),
    ],
    typical: false,
  },
};

describe('token estimate', () => {
  it(`is at or above the public Claude tokenizer everywhere, and within ${ESTIMATE_BAND.high} × on code and prose`, () => {
    const tokenizer = getTokenizer();
    const problems: string[] = [];
    try {
      for (const [kind, { texts, typical }] of Object.entries(CORPUS)) {
        assert.ok(texts.length > 0, kind);
        for (const text of texts) {
          const ratio = textTokens(text) / tokenizer.encode(text.normalize('NFKC'), 'all').length;
          const label = `${kind} ${ratio.toFixed(2)} × on ${JSON.stringify(text.slice(0, 40))}`;
          if (ratio < ESTIMATE_BAND.low) problems.push(`below: ${label}`);
          if (typical && ratio > ESTIMATE_BAND.high) problems.push(`above: ${label}`);
        }
      }
    } finally {
      tokenizer.free();
    }
    assert.deepEqual(problems, []);
  });

  it('errs on the generous side for a Claude Code-shaped request: framing and the tool-use prompt on top', () => {
    const code = CORPUS.TypeScript!.texts[0]!;
    const body = request({
      system: [{ type: 'text', text: 'You are Claude Code, a coding agent.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Fix the retry delay' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/repo/retry.ts' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: code }] },
      ],
      tools: claudeCodeTools as MessagesRequest['tools'],
    });
    const tokenizer = getTokenizer();
    const plain = [
      'You are Claude Code, a coding agent.',
      'Fix the retry delay',
      code,
      JSON.stringify(claudeCodeTools),
    ]
      .map((text) => tokenizer.encode(text, 'all').length)
      .reduce((a, b) => a + b, 0);
    tokenizer.free();
    const estimate = estimateTokens(body);
    assert.ok(estimate > plain + 346, `${estimate} vs ${plain}`);
    assert.ok(estimate < (plain + 346) * ESTIMATE_BAND.high, `${estimate} vs ${plain}`);
  });

  it('counts images flat and skips redacted thinking', () => {
    const image = {
      type: 'image' as const,
      source: { type: 'base64' as const, media_type: 'image/png', data: 'A'.repeat(100_000) },
    };
    const framing = estimateTokens(request({ messages: [{ role: 'user', content: [] }] }));
    assert.equal(
      estimateTokens(request({ messages: [{ role: 'user', content: [image, image] }] })),
      framing + 3200,
    );
    const redacted = estimateTokens(
      request({
        messages: [{ role: 'assistant', content: [{ type: 'redacted_thinking', data: 'x'.repeat(5000) }] }],
      }),
    );
    assert.equal(redacted, framing);
  });

  it('gives a remembered text the same count as a first sight, and scales linearly', () => {
    const history = CORPUS.TypeScript!.texts.join('\n');
    const body = request({ messages: [{ role: 'user', content: history }] });
    forgetRememberedTexts();
    const first = estimateTokens(body);
    // A new parse of the same request (Claude Code's next turn): equal strings, other objects.
    assert.equal(estimateTokens(JSON.parse(JSON.stringify(body)) as MessagesRequest), first);
    const line = 'export function relay(chunk: Buffer): void { queue.push(chunk); }\n';
    assert.ok(Math.abs(textTokens(line.repeat(1200)) - textTokens(line) * 1200) < 1200 * 0.5);
  });
});
