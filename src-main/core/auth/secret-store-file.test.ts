import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createFileSecretStore } from './secret-store-file.ts';

const root = await mkdtemp(join(tmpdir(), 'secret-store-'));
after(() => rm(root, { recursive: true, force: true }));

describe('file secret store', () => {
  it('returns undefined for a key that was never set, even when the file does not exist', async () => {
    const store = createFileSecretStore(join(root, 'missing', 'secrets.json'));
    assert.equal(await store.get('github:token'), undefined);
    assert.deepEqual(await store.keys(), []);
  });

  it('stores a value that a second store on the same file reads back', async () => {
    const path = join(root, 'roundtrip', 'secrets.json');
    await createFileSecretStore(path).set('github:token', 'ghu_abc');
    assert.equal(await createFileSecretStore(path).get('github:token'), 'ghu_abc');
  });

  it('creates the file with mode 0600 and a new directory with mode 0700', {
    skip: process.platform === 'win32',
  }, async () => {
    const directory = join(root, 'perms', 'nested');
    const path = join(directory, 'secrets.json');
    await createFileSecretStore(path).set('k', 'v');
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await stat(directory)).mode & 0o777, 0o700);
  });

  it('keeps every key when many sets run concurrently', async () => {
    const path = join(root, 'concurrent', 'secrets.json');
    const first = createFileSecretStore(path);
    const second = createFileSecretStore(path);
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 ? first : second).set(`key-${index}`, `value-${index}`),
      ),
    );
    const stored = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
    assert.equal(Object.keys(stored).length, 20);
    for (let index = 0; index < 20; index++) assert.equal(stored[`key-${index}`], `value-${index}`);
  });

  it('deletes one key and leaves the others', async () => {
    const path = join(root, 'delete', 'secrets.json');
    const store = createFileSecretStore(path);
    await store.set('a', '1');
    await store.set('b', '2');
    await store.delete('a');
    await store.delete('never-set');
    assert.equal(await store.get('a'), undefined);
    assert.equal(await store.get('b'), '2');
  });

  it('leaves no temporary files behind', async () => {
    const { readdir } = await import('node:fs/promises');
    const directory = join(root, 'tidy');
    const store = createFileSecretStore(join(directory, 'secrets.json'));
    await Promise.all([store.set('a', '1'), store.set('b', '2')]);
    assert.deepEqual(await readdir(directory), ['secrets.json']);
  });

  it('names the file when it is not valid JSON instead of overwriting it', async () => {
    const path = join(root, 'corrupt.json');
    await writeFile(path, '{ nope');
    const store = createFileSecretStore(path);
    await assert.rejects(store.get('a'), /corrupt\.json is not valid JSON/);
    await assert.rejects(store.set('a', '1'), /not valid JSON/);
    assert.equal(await readFile(path, 'utf8'), '{ nope');
  });
});
