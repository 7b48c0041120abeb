// The CLI must not hand the control token to whatever program holds the port it was pointed at. Before the token
// leaves the process, the peer answers a fresh challenge that only the token's holder can answer (on that very
// port); a squatter gets nothing and the user gets one plain sentence. Answers that are not what a coding-proxy
// sends never crash a command ("Cannot read properties of undefined").
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { controlProof } from '../../src-main/core/security/control-proof.ts';
import { loadOrCreateControlToken } from '../../src-main/core/security/control-token.ts';
import { type Harness, startProxy } from '../support/proxy-harness.ts';

const BIN = resolve(import.meta.dirname, '../../bin/coding-proxy.js');
const run = promisify(execFile);

/** Every command that talks to a running proxy, as a user types it. */
const COMMANDS = [
  ['status'],
  ['reset'],
  ['reset', '-v', 'a'],
  ['session', 'list'],
  ['session', 'bind', '-k', 'k1', '-v', 'a'],
  ['session', 'unbind', '-k', 'k1'],
];

interface Squatter {
  server: Server;
  port: number;
  seen: IncomingHttpHeaders[];
}

async function squat(handler: (url: string, reply: (status: number, body: string) => void) => void) {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    handler(req.url ?? '/', (status, body) => {
      res.writeHead(status, { 'content-type': body.startsWith('<') ? 'text/html' : 'application/json' });
      res.end(body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, port: (server.address() as AddressInfo).port, seen } satisfies Squatter;
}

describe('the CLI proves who is on the port before it sends the control token', () => {
  let root: string;
  let dataDir: string;
  let token: string;
  const squatters: Squatter[] = [];
  let proxy: Harness | undefined;

  const cli = async (args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
        env: { ...process.env, CODING_PROXY_HOME: join(root, 'home') },
        timeout: 30_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  /** Exit ≠ 0 and one line on stderr, in the CLI's voice, with no stack trace or TypeError text. */
  const assertOneSentence = (result: { code: number; stderr: string }, pattern: RegExp, what: string) => {
    assert.notEqual(result.code, 0, what);
    const lines = result.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `${what}: ${result.stderr}`);
    assert.match(lines[0] ?? '', /^coding-proxy: /, what);
    assert.match(lines[0] ?? '', pattern, what);
    assert.doesNotMatch(result.stderr, /Cannot read properties|TypeError|\n\s+at /, what);
  };

  const assertNeverSawToken = (squatter: Squatter) => {
    for (const headers of squatter.seen) {
      assert.equal(headers.authorization, undefined);
      assert.doesNotMatch(JSON.stringify(headers), new RegExp(token));
    }
  };

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'cp-peer-'));
    dataDir = join(root, 'data');
    token = loadOrCreateControlToken(dataDir);
  });
  after(async () => {
    for (const squatter of squatters) squatter.server.close();
    await proxy?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('says something else holds the port, and the token never reaches it (web page, or JSON {})', async () => {
    const html = await squat((_url, reply) => reply(200, '<!doctype html><title>some app</title>'));
    const empty = await squat((_url, reply) => reply(200, '{}'));
    squatters.push(html, empty);
    for (const squatter of [html, empty]) {
      for (const command of COMMANDS) {
        const result = await cli([...command, '-p', String(squatter.port), '--data-dir', dataDir]);
        assertOneSentence(
          result,
          new RegExp(`something else is listening on port ${squatter.port} \\(not this coding-proxy\\)`),
          command.join(' '),
        );
      }
      assertNeverSawToken(squatter);
      assert.ok(squatter.seen.length >= COMMANDS.length, 'each command did ask');
    }
  });

  it('refuses a program that pretends to be a coding-proxy but cannot answer the challenge', async () => {
    const pretender = await squat((_url, reply) =>
      reply(200, JSON.stringify({ service: 'coding-proxy', proof: 'x'.repeat(43), tiers: [] })),
    );
    squatters.push(pretender);
    const result = await cli(['status', '-p', String(pretender.port), '--data-dir', dataDir]);
    assertOneSentence(
      result,
      /does not hold the control token of .*data \(the token was not sent\)/,
      'status',
    );
    assertNeverSawToken(pretender);
  });

  it('refuses a squatter that relays the challenge to the real proxy on another port', async () => {
    proxy = await startProxy({ vendors: [{ name: 'a', kind: 'anthropic' }] });
    const target = new URL(proxy.url);
    const relayTokens: string[] = [];
    const relay = createServer((req, res) => {
      relayTokens.push(req.headers.authorization ?? '');
      const upstream = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((done) => relay.listen(0, '127.0.0.1', done));
    const port = (relay.address() as AddressInfo).port;
    try {
      // The relayed proxy's own token: the relay would be a perfect man in the middle without the port binding.
      const result = await cli(['status', '-p', String(port), '--data-dir', proxy.dataDir]);
      assertOneSentence(result, /does not hold the control token/, 'status through a relay');
      assert.ok(relayTokens.length >= 1);
      assert.deepEqual(
        relayTokens.filter((value) => value !== ''),
        [],
        'no token went through the relay',
      );
      // The same proxy reached directly proves itself.
      const direct = await cli(['status', '--json', '-p', target.port, '--data-dir', proxy.dataDir]);
      assert.equal(direct.code, 0, direct.stderr);
      assert.equal((JSON.parse(direct.stdout) as { baseUrl: string }).baseUrl, proxy.url);
    } finally {
      relay.close();
    }
  });

  it('answers a proxy of another version (valid proof, answers of another shape) with one sentence', async () => {
    let port = 0;
    const skewed = await squat((url, reply) => {
      const nonce = new URL(url, 'http://x').searchParams.get('nonce');
      if (nonce)
        reply(200, JSON.stringify({ service: 'coding-proxy', proof: controlProof(token, port, nonce) }));
      else reply(200, JSON.stringify({ version: '9', baseUrl: 'x', activeTier: null, tiers: [{ name: 1 }] }));
    });
    port = skewed.port;
    squatters.push(skewed);
    for (const command of COMMANDS) {
      const result = await cli([...command, '-p', String(port), '--data-dir', dataDir]);
      assertOneSentence(result, /unexpected answer from .* another coding-proxy version/, command.join(' '));
    }
    // It did prove it holds the token, so it got it: that is the point of the proof.
    assert.ok(skewed.seen.some((headers) => headers.authorization === `Bearer ${token}`));
  });
});
