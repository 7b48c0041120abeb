import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

/**
 * Where live changes (tier order, enabled switches, vendor edits) are saved. Headless: the YAML/JSON file the
 * proxy was started with (comments preserved); desktop: electron-store. Values are raw (un-interpolated) input.
 */
export interface ConfigStore {
  /** Sets one top-level or nested key, e.g. `['tiers']` or `['vendors', 2, 'enabled']`. */
  set(path: Array<string | number>, value: unknown): void;
  get(path: Array<string | number>): unknown;
}

export function createFileConfigStore(path: string): ConfigStore {
  const load = () => parseDocument(readFileSync(path, 'utf8'));
  return {
    get(keyPath) {
      const value = load().getIn(keyPath);
      return value && typeof value === 'object' && 'toJSON' in value
        ? (value as { toJSON(): unknown }).toJSON()
        : value;
    },
    set(keyPath, value) {
      const isJson = path.toLowerCase().endsWith('.json');
      let text: string;
      if (isJson) {
        const root = JSON.parse(readFileSync(path, 'utf8')) as Record<string | number, unknown>;
        setIn(root, keyPath, value);
        text = `${JSON.stringify(root, null, 2)}\n`;
      } else {
        const doc = load();
        doc.setIn(
          keyPath,
          doc.createNode(value, { flow: Array.isArray(value) && value.every((v) => typeof v !== 'object') }),
        );
        text = doc.toString();
      }
      const temp = `${path}.tmp-${process.pid}`;
      writeFileSync(temp, text, { mode: 0o600 });
      renameSync(temp, path);
    },
  };
}

/** For tests and for runs without a writable config (changes apply live but are not persisted). */
export function createMemoryConfigStore(
  initial: Record<string, unknown> = {},
): ConfigStore & { data: Record<string, unknown> } {
  const data = structuredClone(initial);
  return {
    data,
    get(keyPath) {
      let node: unknown = data;
      for (const key of keyPath) node = (node as Record<string | number, unknown> | undefined)?.[key];
      return node;
    },
    set(keyPath, value) {
      setIn(data, keyPath, value);
    },
  };
}

function setIn(
  root: Record<string | number, unknown>,
  keyPath: Array<string | number>,
  value: unknown,
): void {
  if (keyPath.length === 0) {
    // The whole configuration at once: replace the contents, keep the object (callers hold it).
    const next = structuredClone(value) as Record<string | number, unknown>;
    for (const key of Object.keys(root)) delete root[key];
    Object.assign(root, next);
    return;
  }
  let node = root;
  for (const key of keyPath.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[keyPath[keyPath.length - 1]!] = value;
}
