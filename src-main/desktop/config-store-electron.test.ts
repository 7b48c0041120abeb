import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createElectronConfigStore } from './config-store-electron.ts';
import type { KeyValueStore } from './key-value-store.ts';

/** `${NAME}` written without a template-looking literal (the env reference syntax, not JS interpolation). */
const envRef = (name: string) => ['$', '{', name, '}'].join('');

function memoryStore(
  initial: Record<string, unknown> = {},
): KeyValueStore & { data: Record<string, unknown>; writes: number } {
  const data = structuredClone(initial);
  const store = {
    data,
    writes: 0,
    get: (key: string) => structuredClone(data[key]),
    set: (key: string, value: unknown) => {
      store.writes++;
      data[key] = structuredClone(value);
    },
  };
  return store;
}

const PROXY = {
  tiers: ['zhipu', 'anthropic'],
  vendors: [
    { name: 'anthropic', kind: 'anthropic' },
    { name: 'zhipu', kind: 'zhipu', apiKey: envRef('ZHIPU_API_KEY') },
  ],
};

describe('electron-store config store', () => {
  it('reads nested keys of the proxy configuration', () => {
    const config = createElectronConfigStore(memoryStore({ proxy: PROXY }));
    assert.deepEqual(config.get(['tiers']), ['zhipu', 'anthropic']);
    assert.equal(config.get(['vendors', 1, 'apiKey']), envRef('ZHIPU_API_KEY'));
    assert.equal(config.get(['vendors', 5, 'name']), undefined);
    assert.equal(config.get(['nope', 'deeper']), undefined);
  });

  it('saves the tier order and an enabled switch the way the control handlers write them', () => {
    const store = memoryStore({ proxy: PROXY, desktop: { launchAtLogin: true } });
    const config = createElectronConfigStore(store);
    config.set(['tiers'], ['anthropic', 'zhipu']);
    config.set(['vendors', 1, 'enabled'], false);
    assert.deepEqual(store.data.proxy, {
      tiers: ['anthropic', 'zhipu'],
      vendors: [
        { name: 'anthropic', kind: 'anthropic' },
        { name: 'zhipu', kind: 'zhipu', apiKey: envRef('ZHIPU_API_KEY'), enabled: false },
      ],
    });
    assert.deepEqual(store.data.desktop, { launchAtLogin: true }, 'other keys untouched');
    assert.equal(store.writes, 2, 'one write per change');
  });

  it('does not let callers mutate the stored value through what get returned', () => {
    const store = memoryStore({ proxy: PROXY });
    const config = createElectronConfigStore(store);
    (config.get(['tiers']) as string[]).push('x');
    assert.deepEqual(config.get(['tiers']), ['zhipu', 'anthropic']);
  });

  it('creates missing containers, arrays for numeric keys', () => {
    const store = memoryStore();
    const config = createElectronConfigStore(store);
    config.set(['vendors', 0, 'name'], 'kimi');
    assert.deepEqual(store.data.proxy, { vendors: [{ name: 'kimi' }] });
    config.set([], { vendors: [] });
    assert.deepEqual(store.data.proxy, { vendors: [] });
  });
});
