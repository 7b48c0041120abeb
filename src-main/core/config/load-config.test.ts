import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, parseConfigText } from './load-config.ts';

describe('configuration files', () => {
  it('creates a commented default config on first run and loads it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-config-'));
    const loaded = loadConfig({ dataDir: dir, env: {} });
    assert.equal(loaded.created, true);
    assert.match(readFileSync(join(dir, 'config.yaml'), 'utf8'), /# coding-proxy configuration/);
    assert.deepEqual(loaded.config.tiers, ['anthropic', 'glm']);
    assert.equal(loaded.config.server.port, 8046);
    assert.equal(loadConfig({ dataDir: dir, env: {} }).created, false);
    rmSync(dir, { recursive: true });
  });

  it('refuses a missing explicit file instead of silently using defaults', () => {
    assert.throws(() => loadConfig({ dataDir: tmpdir(), path: '/nonexistent/cp.yaml' }), /does not exist/);
  });

  it('interpolates ${VAR} and ${VAR:-default} and warns about unset variables', () => {
    const text = [
      'vendors:',
      '  - { name: glm, kind: zhipu, apiKey: "${ZHIPU_KEY}", baseUrl: "${GLM_URL:-https://example.test/api}" }',
    ].join('\n');
    const loaded = parseConfigText(text, 'c.yaml', {});
    assert.equal(loaded.config.vendors[0]?.baseUrl, 'https://example.test/api');
    assert.equal(loaded.config.vendors[0]?.apiKey, '');
    assert.deepEqual(loaded.warnings, [
      'environment variable ZHIPU_KEY is not set (used by vendors[0].apiKey)',
    ]);
    assert.equal(parseConfigText(text, 'c.yaml', { ZHIPU_KEY: 'zk' }).config.vendors[0]?.apiKey, 'zk');
  });

  const bad: Array<[string, string, RegExp]> = [
    [
      'unknown tier name',
      'tiers: [ghost]\nvendors: [{ name: a, kind: anthropic }]',
      /tiers\[0\]: unknown tier "ghost"/,
    ],
    [
      'duplicate names',
      'vendors: [{ name: a, kind: anthropic }, { name: a, kind: kimi }]',
      /vendors\[1\]\.name: duplicate vendor name "a"/,
    ],
    [
      'wrong type',
      'vendors: [{ name: a, kind: anthropic, timeoutMs: "slow" }]',
      /vendors\[0\]\.timeoutMs: .*got "slow"/,
    ],
    ['unknown kind', 'vendors: [{ name: a, kind: openrouter }]', /vendors\[0\]\.kind: .*got "openrouter"/],
    ['unset required key', 'vendors: [{ kind: anthropic }]', /vendors\[0\]\.name: .*is missing/],
    ['no vendors', 'server: { port: 1 }', /vendors: .*is missing/],
    ['unparseable YAML', 'vendors: [ {', /\(file\): cannot be parsed/],
  ];
  for (const [name, text, message] of bad) {
    it(`names the field and the bad value: ${name}`, () => {
      assert.throws(
        () => parseConfigText(text, 'bad.yaml', {}),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, /^bad\.yaml is not a valid configuration/);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  it('reads JSON files too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-config-'));
    const path = join(dir, 'c.json');
    writeFileSync(path, JSON.stringify({ vendors: [{ name: 'a', kind: 'anthropic' }] }));
    assert.equal(loadConfig({ dataDir: dir, path }).config.vendors[0]?.name, 'a');
    rmSync(dir, { recursive: true });
  });
});
