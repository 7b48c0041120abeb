import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkProxyConfig, type Migration, migrateStore, SETTINGS_VERSION } from './settings-migrations.ts';

/** `${NAME}` written without a template-looking literal (the env reference syntax, not JS interpolation). */
const envRef = (name: string) => ['$', '{', name, '}'].join('');

const DEFAULTS = {
  clickBehaviour: 'auto',
  launchAtLogin: false,
  closeToTray: true,
  notifications: { silenced: false, holdSeconds: 15, repeatAfterMinutes: 10, quotaWarnPercents: [80] },
};

describe('desktop settings migrations', () => {
  it('turns a never-written store into current defaults', () => {
    const result = migrateStore({});
    assert.ok(result.ok);
    assert.deepEqual(result.data, { settingsVersion: SETTINGS_VERSION, desktop: DEFAULTS });
    assert.equal(result.changed, true);
    const fromNothing = migrateStore(undefined);
    assert.ok(fromNothing.ok);
    assert.deepEqual(fromNothing.data.desktop, DEFAULTS);
  });

  it('leaves a current store unchanged and keeps the proxy configuration as written', () => {
    const stored = {
      settingsVersion: SETTINGS_VERSION,
      desktop: { ...DEFAULTS, launchAtLogin: true },
      proxy: { vendors: [{ name: 'zhipu', kind: 'zhipu', apiKey: envRef('ZHIPU_API_KEY') }] },
    };
    const result = migrateStore(stored);
    assert.ok(result.ok);
    assert.equal(result.changed, false);
    assert.deepEqual(result.data, stored);
  });

  it('replaces only the invalid setting with its default and says so', () => {
    const result = migrateStore({
      settingsVersion: 1,
      desktop: {
        clickBehaviour: 'sideways',
        launchAtLogin: true,
        notifications: { holdSeconds: -5, silenced: true },
      },
    });
    assert.ok(result.ok);
    assert.equal(result.data.desktop.clickBehaviour, 'auto');
    assert.equal(result.data.desktop.launchAtLogin, true);
    assert.equal(result.data.desktop.notifications.silenced, true);
    assert.equal(result.data.desktop.notifications.holdSeconds, 15);
    assert.equal(result.warnings.length, 2);
    assert.match(result.warnings[0]!, /^setting clickBehaviour was invalid/);
    assert.equal(result.changed, true);
  });

  it('refuses a store written by a newer app instead of overwriting it', () => {
    const result = migrateStore({ settingsVersion: SETTINGS_VERSION + 1, desktop: {} });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.problem : '', /written by a newer coding-proxy/);
  });

  it('runs every migration from the stored version up, in order', () => {
    const seen: number[] = [];
    const migrations: Migration[] = [
      (data) => {
        seen.push(0);
        return { ...data, desktop: {} };
      },
      (data) => {
        seen.push(1);
        return { ...data, desktop: { ...(data.desktop as object), launchAtLogin: true } };
      },
      (data) => {
        seen.push(2);
        return data;
      },
    ];
    const result = migrateStore({ settingsVersion: 1, desktop: { closeToTray: false } }, migrations);
    assert.deepEqual(seen, [1, 2]);
    assert.ok(result.ok);
    assert.equal(result.data.settingsVersion, 3);
    assert.equal(result.data.desktop.launchAtLogin, true);
    assert.equal(result.data.desktop.closeToTray, false);
  });
});

describe('stored proxy configuration', () => {
  it('is validated with the CLI schema, env references kept for the forwarder to resolve', () => {
    const result = checkProxyConfig(
      { vendors: [{ name: 'zhipu', kind: 'zhipu', apiKey: envRef('ZHIPU_API_KEY') }] },
      { ZHIPU_API_KEY: 'sk-zhipu' },
    );
    assert.ok(result.ok);
    assert.equal(result.config.vendors[0]?.apiKey, envRef('ZHIPU_API_KEY'));
    assert.equal(result.config.server.port, 8046);
    assert.deepEqual(result.warnings, []);
  });

  it('warns about unset variables and reports invalid fields by path', () => {
    const missing = checkProxyConfig(
      { vendors: [{ name: 'zhipu', kind: 'zhipu', apiKey: envRef('NOPE_KEY') }] },
      {},
    );
    assert.ok(missing.ok);
    assert.deepEqual(missing.warnings, [
      'environment variable NOPE_KEY is not set (used by vendors[0].apiKey)',
    ]);
    const bad = checkProxyConfig({ vendors: [{ name: 'zhipu', kind: 'nope' }] }, {});
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.problems[0]?.path, 'vendors[0].kind');
  });
});
