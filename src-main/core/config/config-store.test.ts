import assert from 'node:assert/strict';
import {
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { createFileConfigStore } from './config-store.ts';

describe('file config store', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cp-store-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('re-renders through the document API, comments kept, when an edit cannot be spliced', () => {
    const path = join(dir, 'reorder.yaml');
    writeFileSync(
      path,
      '# mine\nvendors:\n  - name: a   # first\n    kind: anthropic\n  - name: b\n    kind: kimi\n',
    );
    const store = createFileConfigStore(path);
    store.set(
      ['vendors'],
      [
        { name: 'b', kind: 'kimi' },
        { name: 'a', kind: 'anthropic' },
      ],
    );
    const text = readFileSync(path, 'utf8');
    assert.deepEqual(parse(text).vendors, [
      { name: 'b', kind: 'kimi' },
      { name: 'a', kind: 'anthropic' },
    ]);
    assert.match(text, /^# mine\n/);
    assert.match(text, /name: a # first/);
  });

  it('writes nothing when nothing changes, and replaces the file atomically with mode 0600', () => {
    const path = join(dir, 'same.yaml');
    writeFileSync(path, 'tiers: [a]\nvendors:\n  - { name: a, kind: anthropic }\n', { mode: 0o644 });
    const before = statSync(path);
    const store = createFileConfigStore(path);
    store.set(['tiers'], ['a']);
    assert.equal(statSync(path).ino, before.ino, 'untouched');
    store.set(['vendors', 0, 'enabled'], false);
    assert.equal(
      readFileSync(path, 'utf8'),
      'tiers: [a]\nvendors:\n  - { name: a, kind: anthropic, enabled: false }\n',
    );
    if (process.platform !== 'win32') assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.includes('.tmp-')),
      [],
      'no temporary file left behind',
    );
  });

  it('follows a symlinked config to its target and keeps the link', () => {
    const target = join(dir, 'real.yaml');
    const link = join(dir, 'link.yaml');
    writeFileSync(target, 'vendors:\n  - { name: a, kind: anthropic }\n');
    symlinkSync(target, link);
    createFileConfigStore(link).set(['tiers'], ['a']);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(target, 'utf8'), 'vendors:\n  - { name: a, kind: anthropic }\ntiers: [a]\n');
  });
});
