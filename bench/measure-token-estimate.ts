// How close the local token estimate is (core/common/estimate-tokens.ts), measured on every bench run as
// estimate ÷ the public Claude tokenizer's count (@anthropic-ai/tokenizer), per kind of text:
// - the issue's auditors' three (`"word "`×5000, a code line ×2000, lorem ipsum ×8000);
// - chunks of real code (this repo, the JavaScript of its dependencies), JSON, Markdown prose;
// - CJK (the dashboard's Chinese strings), base64 / hex / ids (seeded, the same bytes every run);
// - the request Claude Code really sends (captured here from the installed `claude` CLI pointed at a local
//   capture server), system prompt and tool schemas included.
// The estimate must never be below 1.00 ×, and stay within ESTIMATE_BAND.high on code and prose.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MessagesRequest } from '../src-shared/anthropic.ts';
import { ESTIMATE_BAND, estimateTokens, textTokens } from '../src-main/core/common/estimate-tokens.ts';
import { type BenchRow, round } from './bench-row.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);
const { getTokenizer } = require('@anthropic-ai/tokenizer') as {
  getTokenizer(): { encode(text: string, allowed: 'all'): { length: number }; free(): void };
};

const EXTENSIONS = new Set(['.ts', '.tsx', '.js', '.mjs', '.cjs', '.md', '.json']);

function collect(dir: string, out: string[], depth = 0): void {
  if (depth > 6 || out.length > 3000) return;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry === '.git' || entry.startsWith('dist')) continue;
    const path = join(dir, entry);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) collect(path, out, depth + 1);
    else if (EXTENSIONS.has(extname(entry)) && !entry.includes('.min.') && stat.size > 400 && stat.size < 1e6)
      out.push(path);
  }
}

let seed = 20_240_601;
/** Deterministic (a fixed seed: runs are comparable). */
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}

/** Chunks of 0.5–8 KB from every `every`th file of `files`. */
function chunks(files: string[], every: number): string[] {
  const out: string[] = [];
  for (const [index, file] of files.sort().entries()) {
    if (index % every !== 0) continue;
    const text = readFileSync(file, 'utf8');
    const start = Math.floor(random() * Math.max(1, text.length - 8000));
    out.push(text.slice(start, start + 500 + Math.floor(random() * 7500)));
  }
  return out;
}

function filesUnder(dirs: string[], extensions: string[]): string[] {
  const found: string[] = [];
  for (const dir of dirs) collect(join(REPO, dir), found);
  return found.filter((file) => extensions.includes(extname(file)));
}

function bytes(count: number): Buffer {
  return Buffer.from(Array.from({ length: count }, () => Math.floor(random() * 256)));
}

/** Kinds of text, and whether they are the "typical code and prose" the upper end of the band is about. */
function corpus(): Array<{ kind: string; typical: boolean; texts: string[] }> {
  const zh = [
    ...readFileSync(join(REPO, 'src-renderer/i18n/strings.ts'), 'utf8').matchAll(
      /'([^']*[\u4e00-\u9fff][^']*)'/g,
    ),
  ].map((match) => match[1]);
  return [
    {
      kind: "auditors' three",
      typical: false,
      texts: [
        'word '.repeat(5000),
        'const x = foo(bar, baz);\n'.repeat(2000),
        'lorem ipsum dolor sit amet '.repeat(8000),
      ],
    },
    {
      kind: 'TypeScript (this repo)',
      typical: true,
      texts: chunks(filesUnder(['src-main', 'src-renderer', 'tests'], ['.ts', '.tsx']), 8),
    },
    {
      kind: 'JavaScript (dependencies)',
      typical: true,
      texts: chunks(filesUnder(['node_modules'], ['.js', '.mjs', '.cjs']), 40),
    },
    {
      kind: 'Markdown prose',
      typical: true,
      texts: chunks(filesUnder(['node_modules', 'docs'], ['.md']), 12),
    },
    { kind: 'JSON', typical: false, texts: chunks(filesUnder(['node_modules'], ['.json']), 10) },
    { kind: 'CJK', typical: false, texts: [zh.join('\n'), zh.join('')] },
    {
      kind: 'base64 / hex / ids',
      typical: false,
      texts: [
        bytes(6000).toString('base64'),
        bytes(3000).toString('hex'),
        JSON.stringify({ data: bytes(8000).toString('base64url') }),
        Array.from({ length: 300 }, () => bytes(16).toString('hex')).join('\n'),
      ],
    },
  ];
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN;
}

/** The body of `claude -p "say hi"` as it reaches an Anthropic endpoint. */
async function captureClaudeCodeRequest(): Promise<MessagesRequest | undefined> {
  let captured: MessagesRequest | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url?.startsWith('/v1/messages') && !captured)
        captured = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'msg_bench',
          type: 'message',
          role: 'assistant',
          model: 'claude-sonnet-4-5',
          content: [{ type: 'text', text: 'hi' }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: 1, output_tokens: 1 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const home = mkdtempSync(join(tmpdir(), 'bench-claude-'));
  let child: ChildProcess | undefined;
  try {
    child = spawn(join(REPO, 'node_modules', '.bin', 'claude'), ['-p', 'say hi'], {
      env: {
        ...process.env,
        ANTHROPIC_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        ANTHROPIC_API_KEY: 'x',
        DISABLE_TELEMETRY: '1',
        DISABLE_ERROR_REPORTING: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_AUTOUPDATER: '1',
        HOME: home,
      },
      stdio: 'ignore',
    });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 60_000);
      child?.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child?.on('error', () => resolve());
    });
  } finally {
    child?.kill('SIGKILL');
    server.close();
    rmSync(home, { recursive: true, force: true });
  }
  return captured;
}

function requestTexts(request: MessagesRequest): string[] {
  const texts: string[] = [];
  const system = request.system;
  if (typeof system === 'string') texts.push(system);
  else for (const block of system ?? []) texts.push(block.text);
  for (const tool of request.tools ?? [])
    texts.push(`${tool.name}\n${tool.description ?? ''}\n${JSON.stringify(tool.input_schema ?? {})}`);
  for (const message of request.messages) {
    if (typeof message.content === 'string') texts.push(message.content);
    else
      for (const block of message.content)
        if (block.type === 'text') texts.push(String((block as { text: string }).text));
  }
  return texts;
}

export async function measureTokenEstimate(): Promise<BenchRow[]> {
  const tokenizer = getTokenizer();
  const truthOf = (text: string) => tokenizer.encode(text.normalize('NFKC'), 'all').length;
  const rows: BenchRow[] = [];
  const everything: number[] = [];
  const typical: number[] = [];
  try {
    for (const { kind, typical: isTypical, texts } of corpus()) {
      const ratios = texts.flatMap((text) => {
        const truth = truthOf(text);
        return truth < 50 ? [] : [textTokens(text) / truth];
      });
      everything.push(...ratios);
      if (isTypical) typical.push(...ratios);
      const sorted = [...ratios].sort((a, b) => a - b);
      rows.push({
        name: `token estimate ÷ public tokenizer: ${kind}`,
        value: round(quantile(sorted, 0.5), 2),
        unit: `× median · min ${round(sorted[0] ?? Number.NaN, 2)} · max ${round(sorted.at(-1) ?? Number.NaN, 2)} (n=${sorted.length})`,
      });
    }
    const low = Math.min(...everything);
    const high = Math.max(...typical);
    rows.unshift({
      name: 'token estimate ÷ public Claude tokenizer: the band',
      value: round(low, 2),
      unit: `… ${round(high, 2)} × (lowest of all ${everything.length} texts … highest on code and prose)`,
      target: `≥ ${ESTIMATE_BAND.low} everywhere, ≤ ${ESTIMATE_BAND.high} on code and prose`,
      pass: low >= ESTIMATE_BAND.low && high <= ESTIMATE_BAND.high,
    });
    const request = await captureClaudeCodeRequest();
    if (request) {
      const texts = requestTexts(request);
      const truth = texts.reduce((sum, text) => sum + truthOf(text), 0);
      const estimate = texts.reduce((sum, text) => sum + textTokens(text), 0);
      rows.push({
        name: "token estimate on Claude Code's real request (system + tools + prompt)",
        value: round(estimate / truth, 3),
        unit: `× (${Math.round(estimate)} vs ${truth} tokens; with framing and the tool-use prompt ${estimateTokens(request)})`,
        target: '≥ 1',
        pass: estimate >= truth,
      });
    } else
      rows.push({ name: "  Claude Code's real request: the claude CLI did not answer", value: 0, unit: '' });
  } finally {
    tokenizer.free();
  }
  return rows;
}

if (import.meta.main)
  for (const row of await measureTokenEstimate()) console.log(`${row.name}: ${row.value} ${row.unit}`);
