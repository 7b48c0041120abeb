// How close the local token estimate is (core/common/estimate-tokens.ts), measured on every bench run:
// - against Anthropic's public tokenizer (@anthropic-ai/tokenizer) on chunks of real text found on this machine:
//   this repo's sources and the Markdown, JSON and JavaScript of its dependencies;
// - on the request Claude Code really sends (captured here from the installed `claude` CLI pointed at a local
//   capture server), system prompt and tool schemas included.
// Printed as the ratio estimate / tokenizer count (1.00 = exact) before the +15% margin, with the old 3.5
// characters-per-token rule beside it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MessagesRequest } from '../src-shared/anthropic.ts';
import { ESTIMATE_MARGIN, estimateTokens, textTokens } from '../src-main/core/common/estimate-tokens.ts';
import { type BenchRow, round } from './bench-row.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);
const { countTokens } = require('@anthropic-ai/tokenizer') as { countTokens(text: string): number };

const EXTENSIONS = new Set(['.ts', '.tsx', '.js', '.mjs', '.md', '.json', '.css', '.yml', '.yaml']);

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

/** Deterministic chunks of 0.5–8 KB from every 20th file (a fixed seed: runs are comparable). */
function corpus(): string[] {
  const files: string[] = [];
  for (const dir of ['src-main', 'src-renderer', 'src-shared', 'tests', 'node_modules'])
    collect(join(REPO, dir), files);
  let seed = 20_240_601;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const chunks: string[] = [];
  for (const [index, file] of files.sort().entries()) {
    if (index % 20 !== 0) continue;
    const text = readFileSync(file, 'utf8');
    const start = Math.floor(random() * Math.max(1, text.length - 8000));
    chunks.push(text.slice(start, start + 500 + Math.floor(random() * 7500)));
  }
  return chunks;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN;
}

function spread(ratios: number[]): string {
  const sorted = [...ratios].sort((a, b) => a - b);
  return `p5 ${round(quantile(sorted, 0.05))} · p95 ${round(quantile(sorted, 0.95))} (n=${sorted.length})`;
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
  const chunks = corpus();
  const fitted: number[] = [];
  const oldRule: number[] = [];
  for (const chunk of chunks) {
    const truth = countTokens(chunk);
    if (truth < 50) continue;
    fitted.push(textTokens(chunk) / truth);
    let nonAscii = 0;
    for (let i = 0; i < chunk.length; i++) if (chunk.charCodeAt(i) >= 128) nonAscii++;
    oldRule.push(((chunk.length - nonAscii) / 3.5 + nonAscii) / truth);
  }
  const median = (values: number[]) =>
    quantile(
      [...values].sort((a, b) => a - b),
      0.5,
    );
  const rows: BenchRow[] = [
    {
      name: 'token estimate ÷ public Claude tokenizer, code/JSON/Markdown (median)',
      value: round(median(fitted), 3),
      unit: `× · ${spread(fitted)}`,
      target: '0.9–1.1 median',
      pass: median(fitted) >= 0.9 && median(fitted) <= 1.1,
    },
    {
      name: '  same, old 3.5 chars/token rule (median)',
      value: round(median(oldRule), 3),
      unit: `× · ${spread(oldRule)}`,
    },
  ];
  const request = await captureClaudeCodeRequest();
  if (request) {
    const texts = requestTexts(request);
    const truth = texts.reduce((sum, text) => sum + countTokens(text), 0);
    const estimate = texts.reduce((sum, text) => sum + textTokens(text), 0);
    rows.push({
      name: "  on Claude Code's real request (system + tools + prompt)",
      value: round(estimate / truth, 3),
      unit: `× (${Math.round(estimate)} vs ${truth} tokens; with margin and framing ${estimateTokens(request)})`,
      target: `≥ 1 with the +${ESTIMATE_MARGIN * 100}% margin`,
      pass: estimateTokens(request) >= truth,
    });
  } else
    rows.push({ name: "  Claude Code's real request: the claude CLI did not answer", value: 0, unit: '' });
  return rows;
}
