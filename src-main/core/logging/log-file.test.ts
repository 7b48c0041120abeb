import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { LogFile } from './log-file.ts';
import { redactSecrets } from './redact.ts';
import { readLastLines } from './tail.ts';

const root = mkdtempSync(join(tmpdir(), 'log-file-'));
after(() => rmSync(root, { recursive: true, force: true }));

const API_KEY = 'zk-configured-vendor-key-7f3a9c';

describe('log file', () => {
  it('rotates at maxBytes into gzip backups, keeps only `backups` of them, and never writes a secret', async () => {
    const dir = join(root, 'rotate');
    const log = new LogFile({
      path: join(dir, 'logs', 'coding-proxy.log'),
      level: 'info',
      maxBytes: 4096,
      backups: 2,
      secrets: () => [API_KEY],
    });
    for (let index = 0; index < 200; index++) {
      log.write(
        'info',
        `request ${index} with key ${API_KEY} and Authorization: Bearer sk-ant-api03-abcdefghijklmnop`,
      );
      log.write('debug', `debug line ${index} is below the level`);
    }
    await log.close();
    const files = readdirSync(join(dir, 'logs')).sort();
    assert.deepEqual(files, ['coding-proxy.log', 'coding-proxy.log.1.gz', 'coding-proxy.log.2.gz']);
    const current = readFileSync(join(dir, 'logs', 'coding-proxy.log'), 'utf8');
    const newest = gunzipSync(readFileSync(join(dir, 'logs', 'coding-proxy.log.1.gz'))).toString('utf8');
    const older = gunzipSync(readFileSync(join(dir, 'logs', 'coding-proxy.log.2.gz'))).toString('utf8');
    assert.ok(Buffer.byteLength(current) <= 4096);
    assert.ok(Buffer.byteLength(newest) <= 4096 && Buffer.byteLength(newest) > 3000);
    // Order survives rotation: the last line of .2 comes right before the first of .1, which precedes the file.
    const lastNumber = (text: string) =>
      Number(/request (\d+)/.exec(text.trimEnd().split('\n').at(-1) ?? '')?.[1]);
    const firstNumber = (text: string) => Number(/request (\d+)/.exec(text)?.[1]);
    assert.equal(firstNumber(newest), lastNumber(older) + 1);
    assert.equal(firstNumber(current), lastNumber(newest) + 1);
    assert.equal(lastNumber(current), 199);
    for (const text of [current, newest, older]) {
      assert.ok(!text.includes(API_KEY), 'the configured key is masked');
      assert.ok(!text.includes('abcdefghijklmnop'), 'a bearer token is masked');
      assert.ok(!text.includes('debug line'));
      assert.match(text, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} INFO {2}request \d+ with key \[redacted\]/m);
    }
  });

  it('with backups: 0 starts a fresh file instead of keeping one', async () => {
    const path = join(root, 'none', 'x.log');
    const log = new LogFile({ path, level: 'debug', maxBytes: 1024, backups: 0 });
    for (let index = 0; index < 100; index++) log.write('debug', `line ${index} ${'.'.repeat(40)}`);
    await log.close();
    assert.deepEqual(readdirSync(join(root, 'none')), ['x.log']);
    assert.equal(readLastLines(path, 1)[0]?.includes('line 99'), true);
  });

  it('appends the lines of a turn together, and writes what is waiting when the process exits', () => {
    const path = join(root, 'exit', 'x.log');
    // A child that logs and exits at once (no close, no later turn): its exit must not lose the lines.
    const script = `
      import { LogFile } from ${JSON.stringify(new URL('./log-file.ts', import.meta.url).href)};
      const log = new LogFile({ path: ${JSON.stringify(path)}, level: 'info', maxBytes: 1 << 20, backups: 1 });
      log.write('info', 'first');
      log.write('warn', 'second');
      process.exit(0);`;
    execFileSync(process.execPath, ['--input-type=module', '-e', script]);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    assert.deepEqual(
      lines.map((line) => line.slice(24)),
      ['INFO  first', 'WARN  second'],
    );
  });

  it('reports, once, a file it cannot open, and then writes nothing', async () => {
    const errors: string[] = [];
    await new LogFile({ path: join(root, 'b.log'), level: 'info', maxBytes: 1024, backups: 1 }).close();
    // A path below a regular file cannot be created.
    const log = new LogFile({
      path: join(root, 'b.log', 'inside.log'),
      level: 'info',
      maxBytes: 1024,
      backups: 1,
      onError: (message) => errors.push(message),
    });
    log.write('info', 'lost');
    await log.close();
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /cannot open/);
  });
});

describe('redactSecrets', () => {
  it('masks configured secrets and credential-shaped text, and leaves ordinary text alone', () => {
    const text = [
      'key sk-ant-api03-AAAABBBBCCCCDDDD',
      'gho_16C7e42F292c6912E7710c838347Ae178B4a',
      'x-api-key: plain-secret-value-123',
      'GET /v1beta/models?key=AIzaSyA-1234567890abcdefghijklmnopqrstu&alt=sse',
      'refresh 1//0gAbCdEfGhIjKlMnOpQrStUvWxYz',
      `configured ${API_KEY}`,
      'request 42 served by glm in 900 ms',
    ].join('\n');
    const out = redactSecrets(text, [API_KEY, 'abc']);
    for (const secret of [
      'AAAABBBBCCCCDDDD',
      '16C7e42F292c6912E7710c838347Ae178B4a',
      'plain-secret-value-123',
      'AIzaSyA-1234567890',
      '0gAbCdEfGhIjKlMnOpQrStUvWxYz',
      API_KEY,
    ])
      assert.ok(!out.includes(secret), secret);
    assert.match(out, /request 42 served by glm in 900 ms/);
    assert.match(out, /&alt=sse/);
    // Too short to be searched for: a two-letter word must survive a short "secret".
    assert.match(out, /served/);
  });
});
