import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { destinationKey, sameDestination } from './destination-url.ts';

describe('sameDestination', () => {
  it('treats spellings of one address as one destination', () => {
    const base = 'https://api.example.com/v1';
    for (const spelling of [
      'https://api.example.com/v1/',
      'https://api.example.com/v1//',
      'https://API.Example.com/v1',
      'https://api.example.com:443/v1',
      'https://api.example.com/v1#docs',
      '  https://api.example.com/v1  ',
    ])
      assert.ok(sameDestination(base, spelling), spelling);
    assert.ok(sameDestination('http://127.0.0.1:80', 'http://127.0.0.1/'));
  });

  it('keeps every change that can reach another server or service apart', () => {
    const base = 'https://api.example.com/v1';
    for (const other of [
      'http://api.example.com/v1',
      'https://api.example.com:8443/v1',
      'https://api.example.org/v1',
      'https://api.example.com/v2',
      'https://api.example.com/V1',
      'https://api.example.com/v1?region=us',
      'https://user@api.example.com/v1',
    ])
      assert.equal(sameDestination(base, other), false, other);
  });

  it('compares a value that is not a URL as written', () => {
    assert.equal(destinationKey(' ${GLM_BASE_URL} '), '${GLM_BASE_URL}');
    assert.equal(sameDestination('${A}', '${B}'), false);
  });
});
