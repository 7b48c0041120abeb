// The token count of a text, estimated in one pass over its characters without running a tokenizer. It mirrors
// how BPE tokenizers cut text before merging (the public Claude tokenizer's pre-tokenizer: letter runs, digit
// runs, punctuation runs, whitespace runs, a single space joining the piece after it), so every piece is counted
// and costs at least its weight. Letter runs are cut further into words at case changes (`retryDelay` → `retry`,
// `Delay`; `HTTPServer` → `HTTP`, `Server`), and a word decides its weight by whether it is one of the tokenizer's
// single-token words (token-words.json): "proxy" is one token, "lorem" is two. Characters outside ASCII weigh by
// script (CJK, Hangul, Cyrillic, …). The weights (WEIGHTS below) were fitted so that the estimate is never below
// the public tokenizer's count on a broad corpus and as close above it as possible on code and prose; README
// "How close is the token estimate" has the measured band and `npm run bench` prints it on every run.
import tokenWords from './token-words.json' with { type: 'json' };

/** What the pass counts; the estimate is the weighted sum. Exported for the fitting and the bench. */
export const FEATURES = [
  'knownWords',
  'rareWords',
  'rareExtraLetters',
  'shortWords',
  'capsWords',
  'digitPieces',
  'digits',
  'punctuationPieces',
  'punctuationChars',
  'whitespacePieces',
  'newlines',
  'latinExtended',
  'greek',
  'cyrillic',
  'otherTwoByte',
  'symbols',
  'cjk',
  'hangul',
  'otherThreeByte',
  'astral',
] as const;

// Feature indices (plain numbers: Node runs this file by stripping types).
const KNOWN = 0;
const RARE = 1;
const RARE_EXTRA = 2;
const SHORT = 3;
const CAPS = 4;
const DIGIT_PIECES = 5;
const DIGITS = 6;
const PUNCT_PIECES = 7;
const PUNCT_CHARS = 8;
const WS_PIECES = 9;
const NEWLINES = 10;
const LATIN_EXT = 11;
const GREEK = 12;
const CYRILLIC = 13;
const OTHER_TWO_BYTE = 14;
const SYMBOLS = 15;
const CJK = 16;
const HANGUL = 17;
const OTHER_THREE_BYTE = 18;
const ASTRAL = 19;

/**
 * Tokens per counted item, in FEATURES order. Fitted by linear programming against the public tokenizer on ~340
 * texts (code in five languages, JSON, Markdown and plain-text docs, prose in 25 languages, base64/hex/ids, logs,
 * CSV, emoji, Claude Code's own request): minimise the largest estimate ÷ truth on code and prose, subject to every
 * text's estimate ≥ 1.05 × its truth, with each piece kind costing at least what a tokenizer can charge for it (a
 * digit run ≥ 1 token, a Thai or Devanagari letter ≥ 1.8…). Checked on a second, held-out half of the corpus.
 */
export const WEIGHTS: readonly number[] = [
  // knownWords, rareWords, rareExtraLetters, shortWords, capsWords
  1.05, 2.1, 0.2, 1.178, 0.386,
  // digitPieces, digits, punctuationPieces, punctuationChars, whitespacePieces, newlines
  1.458, 0.3, 0.9, 0.214, 0.917, 0,
  // latinExtended, greek, cyrillic, otherTwoByte, symbols, cjk, hangul, otherThreeByte, astral
  2.799, 1.343, 0.702, 1.0, 1.592, 1.25, 1.45, 1.8, 2.967,
];

/** A rare word's letters beyond this many cost `rareExtraLetters` each. */
const RARE_BASE_LETTERS = 5;
/** Words longer than this are never looked up (the list has none). */
const MAX_KNOWN_LETTERS = 16;

// Character kinds of ASCII.
const OTHER = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const SPACE = 4;
const NEWLINE = 5;
const BLANK = 6;
const PUNCTUATION = 7;

const ASCII_KIND = new Uint8Array(128).fill(PUNCTUATION);
for (let c = 0; c < 32; c++) ASCII_KIND[c] = BLANK;
for (let c = 97; c <= 122; c++) ASCII_KIND[c] = LOWER;
for (let c = 65; c <= 90; c++) ASCII_KIND[c] = UPPER;
for (let c = 48; c <= 57; c++) ASCII_KIND[c] = DIGIT;
ASCII_KIND[32] = SPACE;
ASCII_KIND[10] = NEWLINE;
ASCII_KIND[127] = BLANK;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Open-addressing set of the words' FNV-1a hashes (lowercase letters). 0 marks an empty slot. */
const WORD_TABLE = buildWordTable(tokenWords.words.split(' '));
const WORD_MASK = WORD_TABLE.length - 1;

function hashWord(word: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), FNV_PRIME);
  return hash === 0 ? 1 : hash;
}

function buildWordTable(words: readonly string[]): Int32Array {
  let size = 1;
  while (size < words.length * 4) size <<= 1;
  const table = new Int32Array(size);
  for (const word of words) {
    const hash = hashWord(word);
    let slot = hash & (size - 1);
    while (table[slot] !== 0 && table[slot] !== hash) slot = (slot + 1) & (size - 1);
    table[slot] = hash;
  }
  return table;
}

function isKnown(hash: number): boolean {
  const key = hash === 0 ? 1 : hash;
  let slot = key & WORD_MASK;
  for (let probe = WORD_TABLE[slot]; probe !== 0; probe = WORD_TABLE[slot]) {
    if (probe === key) return true;
    slot = (slot + 1) & WORD_MASK;
  }
  return false;
}

function bump(counts: Float64Array, feature: number, by: number): void {
  counts[feature] = (counts[feature] ?? 0) + by;
}

/**
 * Which count a finished word (letters only, lowercased in `hash`) goes to: SHORT, KNOWN or RARE. `letters` ≥ 1.
 * Capitals (`caps`) are counted by the caller.
 */
function wordKind(hash: number, letters: number): number {
  if (letters <= 2) return SHORT;
  return letters <= MAX_KNOWN_LETTERS && isKnown(hash) ? KNOWN : RARE;
}

/** The script class of a character outside ASCII (a high surrogate stands for its astral character). */
function wideKind(c: number): number {
  if (c < 0x370) return LATIN_EXT;
  if (c < 0x400) return GREEK;
  if (c < 0x530) return CYRILLIC;
  if (c < 0x800) return OTHER_TWO_BYTE;
  if (c >= 0xd800 && c < 0xdc00) return ASTRAL;
  if (c >= 0x2000 && c < 0x2c00) return SYMBOLS;
  if ((c >= 0x3000 && c < 0xa000) || (c >= 0xf900 && c < 0xfb00) || (c >= 0xff00 && c < 0xfff0)) return CJK;
  if (c >= 0xac00 && c < 0xd7b0) return HANGUL;
  return OTHER_THREE_BYTE;
}

/**
 * Adds the features of `text` to `counts` (FEATURES order). One pass, no allocation; the hot path (a small letter
 * inside a word) is one comparison, one multiply and one increment.
 */
export function tallyText(text: string, counts: Float64Array): void {
  // The current ASCII word: its lowercase hash, the hash without its last letter, its length, capitals in it.
  let hash = FNV_OFFSET;
  let hashBeforeLast = FNV_OFFSET;
  let letters = 0;
  let capitals = 0;
  let previous = OTHER;
  /** The whitespace run in progress, and whether it ends in a plain space (that space joins the next piece). */
  let blanks = 0;
  let lastBlankIsSpace = false;
  // Counted in locals, added to `counts` once at the end.
  let rareExtra = 0;
  let caps = 0;
  let digitPieces = 0;
  let digits = 0;
  let punctPieces = 0;
  let punctChars = 0;
  let wsPieces = 0;
  let newlines = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    // Hot path: a small letter continuing a word that did not start in capitals.
    if (c >= 97 && c <= 122 && letters > 0 && previous === LOWER) {
      hashBeforeLast = hash;
      hash = Math.imul(hash ^ c, FNV_PRIME);
      letters++;
      continue;
    }
    const kind = c < 128 ? (ASCII_KIND[c] as number) : OTHER;
    if (letters > 0 && kind !== LOWER && kind !== UPPER) {
      // The word ends here.
      if (capitals === letters && letters > 1) caps++;
      const counted = wordKind(hash, letters);
      bump(counts, counted, 1);
      if (counted === RARE && letters > RARE_BASE_LETTERS) rareExtra += letters - RARE_BASE_LETTERS;
      letters = 0;
    }
    if (kind === SPACE || kind === NEWLINE || kind === BLANK) {
      blanks++;
      lastBlankIsSpace = kind === SPACE;
      if (kind === NEWLINE) newlines++;
      previous = SPACE;
      continue;
    }
    if (blanks > 0) {
      if (blanks > 1 || !lastBlankIsSpace) wsPieces++;
      blanks = 0;
    }
    if (kind === LOWER) {
      if (previous === UPPER && letters >= 2 && capitals === letters) {
        // `HTTPServer`: the capitals before the last one were a word of their own.
        if (letters > 2) caps++;
        const counted = wordKind(hashBeforeLast, letters - 1);
        bump(counts, counted, 1);
        if (counted === RARE && letters - 1 > RARE_BASE_LETTERS) rareExtra += letters - 1 - RARE_BASE_LETTERS;
        hash = Math.imul(FNV_OFFSET ^ (text.charCodeAt(i - 1) | 32), FNV_PRIME);
        letters = 1;
        capitals = 1;
      } else if (letters === 0) {
        hash = FNV_OFFSET;
        capitals = 0;
      }
      hashBeforeLast = hash;
      hash = Math.imul(hash ^ c, FNV_PRIME);
      letters++;
    } else if (kind === UPPER) {
      if (previous === LOWER && letters > 0) {
        // `retryDelay`: a capital after small letters starts a new word.
        const counted = wordKind(hash, letters);
        bump(counts, counted, 1);
        if (counted === RARE && letters > RARE_BASE_LETTERS) rareExtra += letters - RARE_BASE_LETTERS;
        letters = 0;
      }
      if (letters === 0) {
        hash = FNV_OFFSET;
        capitals = 0;
      }
      hashBeforeLast = hash;
      hash = Math.imul(hash ^ (c | 32), FNV_PRIME);
      letters++;
      capitals++;
    } else if (kind === DIGIT) {
      if (previous !== DIGIT) digitPieces++;
      digits++;
    } else if (kind === PUNCTUATION) {
      if (previous !== PUNCTUATION) punctPieces++;
      punctChars++;
    } else {
      const wide = wideKind(c);
      bump(counts, wide, 1);
      if (wide === ASTRAL) i++; // its low surrogate
    }
    previous = kind;
  }
  if (letters > 0) {
    if (capitals === letters && letters > 1) caps++;
    const counted = wordKind(hash, letters);
    bump(counts, counted, 1);
    if (counted === RARE && letters > RARE_BASE_LETTERS) rareExtra += letters - RARE_BASE_LETTERS;
  }
  if (blanks > 0) wsPieces++;
  bump(counts, RARE_EXTRA, rareExtra);
  bump(counts, CAPS, caps);
  bump(counts, DIGIT_PIECES, digitPieces);
  bump(counts, DIGITS, digits);
  bump(counts, PUNCT_PIECES, punctPieces);
  bump(counts, PUNCT_CHARS, punctChars);
  bump(counts, WS_PIECES, wsPieces);
  bump(counts, NEWLINES, newlines);
}

/** The weighted sum of tallied features: the estimated tokens. */
export function weigh(counts: Float64Array): number {
  let tokens = 0;
  for (let i = 0; i < WEIGHTS.length; i++) tokens += (WEIGHTS[i] as number) * (counts[i] as number);
  return tokens;
}

/** The estimated token count of one text. */
export function textTokens(text: string): number {
  const counts = new Float64Array(FEATURES.length);
  tallyText(text, counts);
  return weigh(counts);
}
