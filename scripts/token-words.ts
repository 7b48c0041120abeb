// Writes src-main/core/common/token-words.json: the single-token words the token estimate looks up
// (common/text-tokens.ts). They come from the public Claude tokenizer's vocabulary (@anthropic-ai/tokenizer, a
// devDependency; Apache-2.0): its best-ranked BPE tokens that are one English-letter word of 3–15 letters, written
// in small letters or capitalised, with or without the leading space, lowercased and without repeats — the merge
// rank orders them roughly by how common they are. Run `node scripts/token-words.ts [count]` to regenerate.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const COUNT = Number(process.argv[2] ?? 5000);
const require = createRequire(import.meta.url);
const vocabulary = JSON.parse(readFileSync(require.resolve('@anthropic-ai/tokenizer/claude.json'), 'utf8')) as {
  bpe_ranks: string;
};
// `bpe_ranks`: "! <first rank> <base64 token> <base64 token> …", in rank order.
const tokens = vocabulary.bpe_ranks
  .split(' ')
  .slice(2)
  .map((encoded) => Buffer.from(encoded, 'base64').toString('latin1'));
const words: string[] = [];
const seen = new Set<string>();
for (const token of tokens) {
  const match = /^ ?([A-Z]?[a-z]{2,14})$/.exec(token);
  const word = match?.[1]?.toLowerCase();
  if (!word || word.length < 3 || seen.has(word)) continue;
  seen.add(word);
  words.push(word);
  if (words.length === COUNT) break;
}
const target = new URL('../src-main/core/common/token-words.json', import.meta.url);
writeFileSync(target, `${JSON.stringify({ source: '@anthropic-ai/tokenizer claude.json (Apache-2.0), scripts/token-words.ts', words: words.join(' ') })}\n`);
console.log(`${words.length} words → ${target.pathname}`);
