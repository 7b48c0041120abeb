// A hand-written config survives every save the running proxy makes: `reset -v` and the dashboard's vendor edits
// over HTTP change only the bytes of the keys they change. Comments (aligned ones too), blank lines, flow maps,
// quoting and `${VAR}` references (secret fields only) stay exactly as written; defaults are never written out.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type FakeVendor, anthropicMessage, startFakeVendor } from '../support/fake-vendor.ts';
import { REPO, type Started, startUntilUrl, userEnv, within } from '../support/entry-points.ts';

const BIN = join(REPO, 'bin', 'coding-proxy.js');
const exec = promisify(execFile);

const CONFIG = `# My proxy, written by hand: keep my notes.
server: { host: 127.0.0.1, port: 8046 }     # the tests pass -p 0

tiers: [a, b, c]     # primary first

vendors:
  # the main one
  - name: a
    kind: anthropic
    baseUrl: "FAKE_URL"          # aligned comment
    circuitBreaker: { failureThreshold: 3, recoveryTimeoutSeconds: 300, successThreshold: 2, maxRecoveryTimeoutSeconds: 3600 }

  - { name: b, kind: kimi, baseUrl: "FAKE_URL", apiKey: "\${KIMI_KEY}" }   # a flow map
  - name: c
    kind: zhipu
    enabled: false
    apiKey: \${ZHIPU_KEY}    # not set in this shell

failover:
  statusCodes: [429, 403, 500, 502, 503, 504, 529]
`;

describe('config edits keep the user file', () => {
  let dir: string;
  let vendor: FakeVendor;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cp-config-edits-'));
    vendor = await startFakeVendor([{ kind: 'json', body: anthropicMessage('ok') }]);
    mkdirSync(join(dir, 'home'));
    env = userEnv({ KIMI_KEY: 'kimi-secret-key', CODING_PROXY_HOME: join(dir, 'home') });
  });
  after(async () => {
    await vendor.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(config: string, name: string): Promise<Started & { port: string; path: string }> {
    const path = join(dir, name);
    writeFileSync(path, config.replaceAll('FAKE_URL', vendor.url));
    const dataDir = join(dir, `${name}-data`);
    const started = await startUntilUrl(
      process.execPath,
      [BIN, 'start', '-c', path, '-p', '0', '--data-dir', dataDir],
      { cwd: REPO, env },
    );
    tokens.set(started.url, readFileSync(join(dataDir, 'control.token'), 'utf8').trim());
    return { ...started, port: new URL(started.url).port, path };
  }

  async function stop(started: Started) {
    started.child.kill('SIGTERM');
    assert.equal((await within(started.exited, 20_000, 'the proxy exits')).code, 0);
  }

  const tokens = new Map<string, string>();

  async function control(url: string, command: string, body: unknown) {
    const response = await fetch(`${url}/api/${command}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(url)}` },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    assert.equal(response.status, 200, JSON.stringify(json));
    return json;
  }

  /** What the dashboard's form sends for an existing vendor: everything it was shown, minus the masked secrets. */
  async function formFor(url: string, name: string): Promise<Record<string, unknown>> {
    const { vendors } = (await control(url, 'listVendors', {})) as {
      vendors: Array<Record<string, unknown>>;
    };
    const { apiKey: _key, githubToken: _token, ...shown } = vendors.find((vendor) => vendor.name === name)!;
    return shown;
  }

  it('reset -v and dashboard saves over HTTP change only the changed keys, byte for byte', async () => {
    const proxy = await start(CONFIG, 'config.yaml');
    try {
      let expected = CONFIG.replaceAll('FAKE_URL', vendor.url);
      const file = () => readFileSync(proxy.path, 'utf8');

      const reset = await exec(process.execPath, [BIN, 'reset', '-p', proxy.port, '-v', 'b'], { env });
      assert.match(reset.stdout, /Tier order: b → a → c \[disabled\]/);
      expected = expected.replace('tiers: [a, b, c]', 'tiers: [b, a, c]');
      assert.equal(file(), expected);

      // A disabled tier moved first is reported as such.
      const toDisabled = await exec(process.execPath, [BIN, 'reset', '-p', proxy.port, '-v', 'c'], { env });
      assert.match(toDisabled.stdout, /Tier order: c \[disabled\] → b → a/);
      assert.match(toDisabled.stdout, /note: c is disabled/);
      expected = expected.replace('tiers: [b, a, c]', 'tiers: [c, b, a]');
      assert.equal(file(), expected);

      // Saving a vendor unchanged (the form sends every default it was shown) writes nothing at all.
      assert.deepEqual(
        await control(proxy.url, 'saveVendor', { vendor: await formFor(proxy.url, 'a'), previousName: 'a' }),
        {
          ok: true,
        },
      );
      assert.equal(file(), expected);

      // Editing one field of a flow-map vendor: that value changes in place. Its key was kept for the old
      // address only, so it goes (the answer says so) and nothing else moves.
      const b = { ...(await formFor(proxy.url, 'b')), baseUrl: `${vendor.url}/other` };
      assert.deepEqual(await control(proxy.url, 'saveVendor', { vendor: b, previousName: 'b' }), {
        ok: true,
        droppedSecrets: ['apiKey'],
      });
      expected = expected.replace(
        `{ name: b, kind: kimi, baseUrl: "${vendor.url}", apiKey: "\${KIMI_KEY}" }`,
        `{ name: b, kind: kimi, baseUrl: "${vendor.url}/other" }`,
      );
      assert.equal(file(), expected);

      // A field the form does not show (sent through the API) is added as one line; the key reference stays.
      await control(proxy.url, 'saveVendor', {
        vendor: { ...(await formFor(proxy.url, 'c')), timeoutMs: 60_000 },
        previousName: 'c',
      });
      expected = expected.replace(
        '    apiKey: ${ZHIPU_KEY}    # not set in this shell\n',
        '    apiKey: ${ZHIPU_KEY}    # not set in this shell\n    timeoutMs: 60000\n',
      );
      assert.equal(file(), expected);

      // Switches: an existing `enabled` flips in place; a missing one is added as one line.
      await control(proxy.url, 'setVendorEnabled', { name: 'c', enabled: true });
      expected = expected.replace('    enabled: false\n', '    enabled: true\n');
      assert.equal(file(), expected);
      await control(proxy.url, 'setVendorEnabled', { name: 'a', enabled: false });
      expected = expected.replace(
        'maxRecoveryTimeoutSeconds: 3600 }\n',
        'maxRecoveryTimeoutSeconds: 3600 }\n    enabled: false\n',
      );
      assert.equal(file(), expected);

      // A new vendor from the dashboard is appended in the style of its neighbours; removing it restores the file.
      await control(proxy.url, 'saveVendor', {
        vendor: { name: 'd', kind: 'openai-compatible', baseUrl: vendor.url },
      });
      const withD = expected
        .replace('tiers: [c, b, a]', 'tiers: [c, b, a, d]')
        .replace(
          '    timeoutMs: 60000\n',
          `    timeoutMs: 60000\n  - name: d\n    kind: openai-compatible\n    baseUrl: ${vendor.url}\n`,
        );
      assert.equal(file(), withD);
      await control(proxy.url, 'removeVendor', { name: 'd' });
      assert.equal(file(), expected);
    } finally {
      await stop(proxy);
    }
  });

  it('keeps the JSON config path working', async () => {
    const json = {
      vendors: [
        { name: 'a', kind: 'anthropic', baseUrl: 'FAKE_URL' },
        { name: 'b', kind: 'kimi', apiKey: 'k' },
      ],
    };
    const proxy = await start(`${JSON.stringify(json, null, 2)}\n`, 'config.json');
    try {
      await exec(process.execPath, [BIN, 'reset', '-p', proxy.port, '-v', 'b'], { env });
      await control(proxy.url, 'setVendorEnabled', { name: 'a', enabled: false });
      const saved = JSON.parse(readFileSync(proxy.path, 'utf8'));
      assert.deepEqual(saved, {
        vendors: [
          { name: 'a', kind: 'anthropic', baseUrl: vendor.url, enabled: false },
          { name: 'b', kind: 'kimi', apiKey: 'k' },
        ],
        tiers: ['b', 'a'],
      });
    } finally {
      await stop(proxy);
    }
  });
});
