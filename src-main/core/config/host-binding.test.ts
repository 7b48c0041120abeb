import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptedHostNames, hostBindingProblem, isLoopbackHost, urlHost } from './host-binding.ts';

describe('host binding', () => {
  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]'])
      assert.ok(isLoopbackHost(host), host);
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'proxy.lan']) assert.ok(!isLoopbackHost(host), host);
  });

  it('refuses a non-loopback address unless allowedHosts names the hosts clients use', () => {
    assert.equal(hostBindingProblem('127.0.0.1', []), undefined);
    assert.match(
      hostBindingProblem('0.0.0.0', []) ?? '',
      /refusing to listen on 0\.0\.0\.0.*server\.allowedHosts/,
    );
    assert.equal(hostBindingProblem('0.0.0.0', ['proxy.lan']), undefined);
  });

  it('prints a URL the guard accepts: never 0.0.0.0', () => {
    assert.equal(urlHost('0.0.0.0', ['Proxy.LAN', 'other'], '0.0.0.0'), 'proxy.lan');
    assert.equal(urlHost('::', ['fd00::5'], '::'), '[fd00::5]');
    assert.equal(urlHost('127.0.0.1', ['proxy.lan'], '127.0.0.1'), '127.0.0.1');
    assert.equal(urlHost('::1', [], '::1'), '[::1]');
  });

  it('accepts the bound loopback address and the allowed names, as Host headers spell them', () => {
    assert.deepEqual(acceptedHostNames('127.0.0.2', ['Proxy.LAN', 'fd00::5']), [
      '127.0.0.2',
      'proxy.lan',
      '[fd00::5]',
    ]);
    assert.deepEqual(acceptedHostNames('0.0.0.0', ['proxy.lan']), ['proxy.lan']);
  });
});
