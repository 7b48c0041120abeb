import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { DEFAULT_CONFIG_YAML } from './default-config.ts';
import { patchYamlText } from './yaml-patch.ts';

/** The patched text, checked to mean exactly the intended value. */
function patch(text: string, path: Array<string | number>, value: unknown): string {
  const out = patchYamlText(text, path, value);
  assert.ok(out !== undefined, 'the edit can be spliced');
  return out;
}

describe('patching YAML text', () => {
  it('changes one scalar in place and keeps aligned comments, blank lines and long flow maps', () => {
    const out = patch(DEFAULT_CONFIG_YAML, ['vendors', 1, 'enabled'], true);
    assert.equal(out, DEFAULT_CONFIG_YAML.replace('    enabled: false\n', '    enabled: true\n'));
  });

  it('reorders a flow list of names without touching its comment', () => {
    const text = 'tiers: [a, b, c]   # order\nvendors: []\n';
    assert.equal(patch(text, ['tiers'], ['c', 'a', 'b']), 'tiers: [c, a, b]   # order\nvendors: []\n');
  });

  it('adds a key to a block map on its own line, and to a flow map before the brace', () => {
    const block = 'vendors:\n  - name: a\n    kind: anthropic   # mine\n\n# end\n';
    assert.equal(
      patch(block, ['vendors', 0, 'enabled'], false),
      'vendors:\n  - name: a\n    kind: anthropic   # mine\n    enabled: false\n\n# end\n',
    );
    const flow = 'vendors:\n  - { name: a, kind: anthropic }  # one line\n';
    assert.equal(
      patch(flow, ['vendors', 0, 'enabled'], false),
      'vendors:\n  - { name: a, kind: anthropic, enabled: false }  # one line\n',
    );
  });

  it('adds a missing top-level key at the end, before trailing comments', () => {
    const text = 'vendors:\n  - { name: a, kind: anthropic }\n# trailing note\n';
    assert.equal(
      patch(text, ['tiers'], ['a']),
      'vendors:\n  - { name: a, kind: anthropic }\ntiers: [a]\n# trailing note\n',
    );
  });

  it('removes keys and list items with their lines only', () => {
    const text =
      'vendors:\n  # first\n  - name: a\n    kind: anthropic\n    timeoutMs: 5   # short\n  - { name: b, kind: kimi, apiKey: k }\n';
    const vendors = parse(text).vendors;
    delete vendors[0].timeoutMs;
    assert.equal(
      patch(text, ['vendors'], vendors),
      'vendors:\n  # first\n  - name: a\n    kind: anthropic\n  - { name: b, kind: kimi, apiKey: k }\n',
    );
    assert.equal(
      patch(text, ['vendors'], [vendors[1]]),
      'vendors:\n  # first\n  - { name: b, kind: kimi, apiKey: k }\n',
    );
    const flow = 'v: { name: b, kind: kimi, apiKey: k }\n';
    assert.equal(patch(flow, ['v'], { name: 'b', kind: 'kimi' }), 'v: { name: b, kind: kimi }\n');
    assert.equal(patch(flow, ['v'], { kind: 'kimi', apiKey: 'k' }), 'v: { kind: kimi, apiKey: k }\n');
  });

  it('appends list items in the style of their neighbours, nested values in block style', () => {
    const flowItems = 'vendors:\n  - { name: a, kind: anthropic }\n';
    assert.equal(
      patch(
        flowItems,
        ['vendors'],
        [
          { name: 'a', kind: 'anthropic' },
          { name: 'b', kind: 'kimi' },
        ],
      ),
      'vendors:\n  - { name: a, kind: anthropic }\n  - { name: b, kind: kimi }\n',
    );
    const blockItems = 'vendors:\n  - name: a\n    kind: anthropic\nledger: { enabled: true }\n';
    assert.equal(
      patch(
        blockItems,
        ['vendors'],
        [
          { name: 'a', kind: 'anthropic' },
          { name: 'b', kind: 'zhipu', modelMap: [{ match: 'claude-*', to: 'glm-5' }] },
        ],
      ),
      'vendors:\n  - name: a\n    kind: anthropic\n  - name: b\n    kind: zhipu\n    modelMap:\n      - match: claude-*\n        to: glm-5\nledger: { enabled: true }\n',
    );
  });

  it('keeps quoting styles and quotes what a plain scalar cannot hold', () => {
    const text = 'a: "x"\nb: \'y\'\nc: z\nd: { e: f }\n';
    assert.equal(
      patch(patch(patch(patch(text, ['a'], 'x2'), ['b'], "it's"), ['c'], 'true'), ['d', 'e'], 'g, h'),
      'a: "x2"\nb: \'it\'\'s\'\nc: "true"\nd: { e: "g, h" }\n',
    );
  });

  it('empties a flow map to `{}` and fills an emptied one without leftover padding, byte for byte', () => {
    const text =
      'vendors:\n  - { name: a, kind: anthropic, headers: { authorization: "Bearer ${TOKEN}" } }\n';
    const dropped = patch(text, ['vendors', 0, 'headers'], {});
    assert.equal(dropped, 'vendors:\n  - { name: a, kind: anthropic, headers: {} }\n');
    assert.equal(
      patch(dropped, ['vendors', 0, 'headers'], { a: '${HOME}' }),
      'vendors:\n  - { name: a, kind: anthropic, headers: { a: "${HOME}" } }\n',
    );
    assert.equal(
      patch('vendors:\n  - name: a\n    headers: { x-secret: "1" }  # mine\n', ['vendors', 0, 'headers'], {
        a: '${HOME}',
      }),
      'vendors:\n  - name: a\n    headers: { a: "${HOME}" }  # mine\n',
    );
    // A whole vendor saved back by the form, its secret header dropped.
    assert.equal(
      patch(text, ['vendors', 0], { name: 'a', kind: 'anthropic', headers: {} }),
      'vendors:\n  - { name: a, kind: anthropic, headers: {} }\n',
    );
  });

  it('declines what it cannot splice (the store then re-renders the document)', () => {
    assert.equal(patchYamlText('a: 1\nb: [x\n', ['a'], 2), undefined, 'a file that does not parse');
    const dupes = 'vendors:\n  - name: a\n  - name: a\n';
    assert.equal(
      patchYamlText(dupes, ['vendors'], [{ name: 'a' }]),
      undefined,
      'items without distinct names',
    );
  });
});
