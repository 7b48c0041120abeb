import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, parseConfigText } from './load-config.ts';
import { resolveVendorSecrets } from './secret-refs.ts';

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

  it('keeps ${VAR} references in secret fields for the forwarder and warns about unset variables', () => {
    const text = [
      'vendors:',
      '  - name: glm',
      '    kind: zhipu',
      '    apiKey: "${ZHIPU_KEY}"',
      '    headers: { x-team: "${TEAM:-core}" }',
    ].join('\n');
    const loaded = parseConfigText(text, 'c.yaml', {});
    const glm = loaded.config.vendors[0]!;
    assert.equal(glm.apiKey, '${ZHIPU_KEY}', 'the live config keeps the reference');
    assert.deepEqual(loaded.warnings, [
      'environment variable ZHIPU_KEY is not set (used by vendors[0].apiKey)',
    ]);
    const env = { ZHIPU_KEY: 'zk' };
    const resolved = resolveVendorSecrets(parseConfigText(text, 'c.yaml', env).config.vendors[0]!, { env });
    assert.equal(resolved.apiKey, 'zk');
    assert.equal(resolved.headers['x-team'], 'core');
  });

  it('refuses ${VAR} outside secret fields, naming the field (it would be shown expanded)', () => {
    const text = 'vendors:\n  - { name: glm, kind: zhipu, baseUrl: "${GLM_URL:-https://example.test/api}" }';
    assert.throws(
      () => parseConfigText(text, 'c.yaml', { GLM_URL: 'https://x.test' }),
      /vendors\[0\]\.baseUrl: \$\{GLM_URL\} is read only in apiKey, githubToken, clientSecret, refreshToken, clientId and header values/,
    );
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
