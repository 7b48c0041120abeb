import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Redactor } from './redactor.ts';

describe('Redactor', () => {
  it('replaces every occurrence of every registered secret by … and its last four characters', () => {
    const redactor = new Redactor();
    redactor.add('sk-first-secret-0001');
    redactor.addHeaderValue('Bearer gho_second_secret_0002');
    const text = 'bad key sk-first-secret-0001, then sk-first-secret-0001 and token gho_second_secret_0002';
    assert.equal(redactor.redact(text), 'bad key …0001, then …0001 and token …0002');
  });

  it('replaces a secret that contains another one whole', () => {
    const redactor = new Redactor();
    redactor.add('abcdefgh');
    redactor.add('abcdefgh-and-more-9999');
    assert.equal(redactor.redact('x abcdefgh-and-more-9999 y abcdefgh'), 'x …9999 y …efgh');
  });

  it('ignores values too short to be secrets, and leaves text without secrets as it is', () => {
    const redactor = new Redactor();
    redactor.add('k');
    redactor.add('');
    redactor.add(undefined);
    assert.equal(redactor.size, 0);
    assert.equal(redactor.redact('a k in a sentence'), 'a k in a sentence');
    assert.equal(redactor.redact(null), null);
  });
});
