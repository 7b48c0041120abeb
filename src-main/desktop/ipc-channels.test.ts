import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandChannel, EVENT_CHANNEL, isAllowedSender } from './ipc-channels.ts';

describe('IPC channels', () => {
  it('names one channel per command and one for events', () => {
    assert.equal(commandChannel('status'), 'coding-proxy:command:status');
    assert.equal(EVENT_CHANNEL, 'coding-proxy:event');
  });
});

describe('IPC sender validation', () => {
  const http = { httpOrigin: 'http://127.0.0.1:8046' };

  it("accepts the core's own dashboard origin, any path", () => {
    assert.equal(isAllowedSender('http://127.0.0.1:8046/', http), true);
    assert.equal(isAllowedSender('http://127.0.0.1:8046/#/usage?x=1', http), true);
  });

  it('rejects other ports, hosts, schemes and look-alikes', () => {
    for (const url of [
      'http://127.0.0.1:8047/',
      'http://localhost:8046/',
      'https://127.0.0.1:8046/',
      'http://127.0.0.1:8046@evil.example/',
      'http://user:pw@127.0.0.1:8046/',
      'https://evil.example/',
      'about:blank',
      'devtools://devtools/bundled/inspector.html',
      'data:text/html,hi',
      'not a url',
      '',
      undefined,
    ]) {
      assert.equal(isAllowedSender(url, http), false, String(url));
    }
  });

  it('accepts files inside the packaged renderer folder only', () => {
    const files = { fileRoot: '/opt/coding-proxy/resources/app.asar/dist-renderer' };
    assert.equal(
      isAllowedSender('file:///opt/coding-proxy/resources/app.asar/dist-renderer/index.html', files),
      true,
    );
    assert.equal(
      isAllowedSender('file:///opt/coding-proxy/resources/app.asar/dist-renderer-evil/x.html', files),
      false,
    );
    assert.equal(isAllowedSender('file:///tmp/evil.html', files), false);
    assert.equal(isAllowedSender('file://server/share/dist-renderer/index.html', files), false);
    assert.equal(
      isAllowedSender('file:///opt/coding-proxy/resources/app.asar/dist-renderer/index.html', http),
      false,
    );
    assert.equal(isAllowedSender('http://127.0.0.1:8046/', files), false);
  });

  it('compares Windows paths without regard to case, and others exactly', () => {
    const windows = { fileRoot: 'C:\\Program Files\\coding-proxy\\resources\\app.asar\\dist-renderer' };
    assert.equal(
      isAllowedSender(
        'file:///c:/Program%20Files/coding-proxy/resources/app.asar/dist-renderer/index.html',
        windows,
      ),
      true,
    );
    assert.equal(
      isAllowedSender('file:///opt/App/dist-renderer/index.html', { fileRoot: '/opt/app/dist-renderer' }),
      false,
    );
  });
});
