import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type BootstrapWindow, controlToken, type TokenStorage } from './session-bootstrap.ts';

function page(hash: string): BootstrapWindow & { url(): string } {
  const location = { hash, pathname: '/', search: '?compact=1' };
  return {
    location,
    history: {
      state: null,
      replaceState(_state, _unused, url) {
        const at = url.indexOf('#');
        location.hash = at === -1 ? '' : url.slice(at);
      },
    },
    url: () => `${location.pathname}${location.search}${location.hash}`,
  };
}

function memoryStorage(): TokenStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
  };
}

describe('the dashboard’s control token', () => {
  it('is taken from the link, leaves the address bar, and is kept for a reload of this tab', () => {
    const storage = memoryStorage();
    const opened = page('#token=abc123&x=1');
    assert.equal(
      controlToken(opened, () => storage),
      'abc123',
    );
    assert.equal(opened.url(), '/?compact=1#x=1', 'the token left the address bar, the rest stayed');
    assert.equal(
      controlToken(page(''), () => storage),
      'abc123',
      'a reload finds it in this tab',
    );
    assert.deepEqual([...storage.items.values()], ['abc123']);
  });

  it('is undefined in a tab opened without the link, and a newer link wins', () => {
    assert.equal(
      controlToken(page(''), () => memoryStorage()),
      undefined,
    );
    const storage = memoryStorage();
    controlToken(page('#token=old'), () => storage);
    assert.equal(
      controlToken(page('#token=new'), () => storage),
      'new',
    );
    assert.equal(
      controlToken(page(''), () => storage),
      'new',
    );
  });

  it('still works for this page when storage is switched off', () => {
    const refused = () => {
      throw new Error('SecurityError');
    };
    assert.equal(controlToken(page('#token=abc'), refused), 'abc');
    assert.equal(controlToken(page(''), refused), undefined);
  });
});
