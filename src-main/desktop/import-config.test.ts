import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createModelMapper } from '../core/config/model-map.ts';
import { resolveVendorSecrets } from '../core/config/secret-refs.ts';
import { firstRunImportCandidates, importConfigText, isOriginalConfig } from './import-config.ts';

/** `${NAME}` written without a template-looking literal (the env reference syntax, not JS interpolation). */
const envRef = (name: string) => ['$', '{', name, '}'].join('');

const ORIGINAL = readFileSync(join(import.meta.dirname, 'fixtures', 'original-config.yaml'), 'utf8');
const ENV = {
  ZHIPU_API_KEY: 'zk-1',
  GITHUB_TOKEN: 'gho_1',
  GOOG_CLIENT_ID: 'id',
  GOOG_CLIENT_SECRET: 's',
  GOOG_REFRESH_TOKEN: 'r',
  KIMI_API_KEY: 'kk',
};

describe("importing the original Python coding-proxy's config.yaml", () => {
  const result = importConfigText(ORIGINAL, 'config.yaml', ENV);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  const { raw, config } = result;
  const vendor = (name: string) => config.vendors.find((v) => v.name === name)!;

  it('recognises the snake_case layout', () => {
    assert.equal(result.source, 'original-python');
  });

  it('keeps the tier order, the port and the env references as written', () => {
    assert.deepEqual(config.tiers, ['zhipu', 'anthropic', 'copilot', 'antigravity']);
    assert.equal(config.server.port, 3392);
    assert.equal(config.server.host, '127.0.0.1');
    const stored = (raw.vendors as Array<Record<string, unknown>>).find((v) => v.name === 'zhipu');
    assert.equal(stored?.apiKey, envRef('ZHIPU_API_KEY'));
    assert.equal(vendor('zhipu').apiKey, envRef('ZHIPU_API_KEY'), 'resolved only for the forwarder');
    assert.equal(resolveVendorSecrets(vendor('zhipu'), { env: ENV }).apiKey, 'zk-1');
  });

  it('converts vendors field by field', () => {
    assert.deepEqual(
      config.vendors.map((v) => [v.name, v.kind, v.enabled]),
      [
        ['anthropic', 'anthropic', true],
        ['copilot', 'copilot', true],
        ['antigravity', 'antigravity', false],
        ['zhipu', 'zhipu', true],
        ['kimi', 'kimi', false],
      ],
    );
    assert.equal(vendor('zhipu').baseUrl, 'https://open.bigmodel.cn/api/anthropic');
    assert.equal(vendor('zhipu').timeoutMs, 3_000_000);
    assert.equal(vendor('kimi').baseUrl, undefined, 'an empty base_url means the built-in default');
    assert.equal(resolveVendorSecrets(vendor('copilot'), { env: ENV }).githubToken, 'gho_1');
    assert.equal(vendor('copilot').accountType, 'individual');
    assert.equal(vendor('copilot').tokenUrl, 'https://api.github.com/copilot_internal/v2/token');
    assert.equal(resolveVendorSecrets(vendor('antigravity'), { env: ENV }).refreshToken, 'r');
    assert.equal(vendor('antigravity').baseUrl, 'https://generativelanguage.googleapis.com/v1beta');
  });

  it('converts circuit breakers, including max_recovery_seconds', () => {
    assert.deepEqual(vendor('zhipu').circuitBreaker, {
      failureThreshold: 3,
      recoveryTimeoutSeconds: 30,
      successThreshold: 2,
      maxRecoveryTimeoutSeconds: 1800,
    });
    assert.equal(vendor('anthropic').circuitBreaker.maxRecoveryTimeoutSeconds, 3600);
  });

  it('turns enabled quota guards (5 h and weekly) into quotaGuards, and skips disabled ones', () => {
    assert.deepEqual(vendor('anthropic').quotaGuards, [
      { windowHours: 5, tokenBudget: 65_000_000, thresholdPercent: 99, probeIntervalSeconds: 300 },
      { windowHours: 168, tokenBudget: 800_000_000, thresholdPercent: 99, probeIntervalSeconds: 1800 },
    ]);
    assert.deepEqual(vendor('copilot').quotaGuards, [
      { windowHours: 24, tokenBudget: 0, thresholdPercent: 95, probeIntervalSeconds: 300 },
    ]);
    assert.deepEqual(vendor('antigravity').quotaGuards, []);
  });

  it('scopes model mapping rules to their vendors; no vendors meant zhipu, "fallback" is zhipu', () => {
    assert.deepEqual(vendor('zhipu').modelMap, [
      { match: '/claude-sonnet-.*/', to: 'glm-5v-turbo' },
      { match: '/claude-opus-.*/', to: 'glm-5.1' },
      { match: '/claude-haiku-.*/', to: 'glm-4.5-air' },
      { match: 'claude-3-5-haiku-20241022', to: 'glm-4.5-air' },
    ]);
    assert.deepEqual(vendor('copilot').modelMap, [{ match: '/claude-sonnet-.*/', to: 'claude-sonnet-4.6' }]);
    assert.deepEqual(vendor('kimi').modelMap, [{ match: 'claude-*', to: 'kimi-k2.5' }]);
    assert.deepEqual(vendor('anthropic').modelMap, []);
    const zhipu = createModelMapper(vendor('zhipu').modelMap);
    assert.equal(zhipu('claude-sonnet-4-5-20250929'), 'glm-5v-turbo');
    assert.equal(zhipu('claude-3-5-haiku-20241022'), 'glm-4.5-air');
    assert.equal(
      zhipu('gpt-4o'),
      'gpt-4o',
      'unmatched models pass through (the original turned them into glm-5.1)',
    );
  });

  it('converts failover and pricing', () => {
    assert.deepEqual(config.failover, {
      statusCodes: [429, 403, 503, 500, 529],
      errorTypes: ['rate_limit_error', 'overloaded_error', 'api_error'],
      messagePatterns: ['quota', 'usage cap', 'internal network failure'],
    });
    assert.deepEqual(raw.pricing, [
      {
        vendor: 'anthropic',
        model: 'claude-sonnet-4-5',
        input: 3,
        output: 15,
        cacheWrite: 3.75,
        cacheRead: 0.3,
      },
      { vendor: 'zhipu', model: 'glm-5.1', input: '¥4', output: '¥16' },
    ]);
  });

  it('converts native_api, session_policies and logging (issue 15)', () => {
    assert.deepEqual(raw.nativeApi, {
      openai: { enabled: true },
      gemini: { enabled: false, timeoutMs: 120000 },
    });
    assert.equal(config.nativeApi.gemini.enabled, false);
    assert.equal(config.nativeApi.gemini.baseUrl, 'https://generativelanguage.googleapis.com');
    assert.deepEqual(config.sessionPolicies, [
      {
        name: 'vip',
        match: { sessionKeys: ['3f1c2b7e-5d9a-4c1e-9f0a-2b6d8e4c7a11'] },
        tiers: ['anthropic', 'zhipu'],
      },
      { name: 'claude-code', match: { clientCategory: 'cc' }, tiers: ['zhipu'] },
    ]);
    assert.equal(config.logging.level, 'info');
  });

  it('names what it could not import', () => {
    const text = result.warnings.join('\n');
    assert.match(text, /logging\.file "~\/\.coding-proxy\/proxy\.log" is not imported/);
    assert.match(text, /database paths are not imported/);
    assert.match(text, /kimi had no circuit breaker/);
    assert.match(text, /antigravity: model_endpoint "models\/claude-sonnet-4-20250514" is not imported/);
  });
});

describe('other imports', () => {
  it('imports our own YAML as is, and reports unset variables', () => {
    const result = importConfigText(
      'vendors:\n  - name: zhipu\n    kind: zhipu\n    apiKey: ' + envRef('ZHIPU_API_KEY') + '\n',
      'config.yaml',
      {},
    );
    assert.ok(result.ok);
    assert.equal(result.source, 'coding-proxy');
    assert.deepEqual(result.raw, {
      vendors: [{ name: 'zhipu', kind: 'zhipu', apiKey: envRef('ZHIPU_API_KEY') }],
    });
    assert.deepEqual(result.warnings, [
      'environment variable ZHIPU_API_KEY is not set (used by vendors[0].apiKey)',
    ]);
  });

  it('imports JSON by extension and reports schema problems by path', () => {
    const result = importConfigText('{"vendors":[{"name":"x","kind":"nope"}]}', 'proxy.json', {});
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.problems[0]?.path, 'vendors[0].kind');
    const broken = importConfigText('vendors: [', 'config.yaml', {});
    assert.equal(!broken.ok && broken.problems[0]?.path, '(file)');
  });

  it('converts the legacy flat layout in its fixed order, the fallback last', () => {
    const legacy = [
      'primary:',
      '  enabled: true',
      'circuit_breaker:',
      '  failure_threshold: 5',
      'copilot:',
      '  enabled: true',
      '  github_token: gho_x',
      'fallback:',
      '  api_key: zk',
      '  base_url: https://open.bigmodel.cn/api/anthropic',
      '',
    ].join('\n');
    assert.equal(isOriginalConfig({ primary: {} }), true);
    const result = importConfigText(legacy, 'config.yaml', {});
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    assert.deepEqual(
      result.config.vendors.map((v) => v.name),
      ['anthropic', 'copilot', 'zhipu'],
    );
    assert.equal(result.config.vendors[0]?.circuitBreaker.failureThreshold, 5);
    assert.equal(result.config.vendors[2]?.apiKey, 'zk');
  });

  it('skips unknown vendor types with a warning', () => {
    const result = importConfigText(
      'vendors:\n  - vendor: zhipu\n    api_key: k\n  - vendor: mystery\n',
      'config.yaml',
      {},
    );
    assert.ok(result.ok);
    assert.deepEqual(
      result.config.vendors.map((v) => v.name),
      ['zhipu'],
    );
    assert.ok(result.warnings.includes('vendors[1]: unknown vendor type "mystery" was skipped'));
  });
});

it('looks for the CLI config first and the original Python config last on a first run', () => {
  assert.deepEqual(firstRunImportCandidates('/data', '/home/ada'), [
    '/data/config.yaml',
    '/data/config.json',
    '/home/ada/.coding-proxy/config.yaml',
  ]);
});
