import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPermissionAllowed } from './permission-policy.ts';

const origin = { httpOrigin: 'http://127.0.0.1:8046' };

describe('dashboard permission policy', () => {
  it('lets the dashboard write to the clipboard', () => {
    assert.equal(
      isPermissionAllowed('clipboard-sanitized-write', 'http://127.0.0.1:8046/#/connect', origin),
      true,
    );
  });

  it('denies everything else, even to the dashboard', () => {
    for (const permission of [
      'clipboard-read',
      'media',
      'display-capture',
      'geolocation',
      'notifications',
      'midi',
      'midiSysex',
      'fullscreen',
      'pointerLock',
      'openExternal',
      'hid',
      'serial',
      'usb',
      'persistent-storage',
      'local-network-access',
      'unknown',
    ]) {
      assert.equal(isPermissionAllowed(permission, 'http://127.0.0.1:8046/', origin), false, permission);
    }
  });

  it('denies the clipboard to any other page', () => {
    for (const url of ['https://example.com/', 'http://127.0.0.1:9999/', 'about:blank', undefined]) {
      assert.equal(isPermissionAllowed('clipboard-sanitized-write', url, origin), false, String(url));
    }
    assert.equal(isPermissionAllowed('clipboard-sanitized-write', 'http://127.0.0.1:8046/', {}), false);
  });
});
