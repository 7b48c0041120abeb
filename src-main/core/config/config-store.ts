import { readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { setInDocument } from './yaml-edit.ts';
import { patchYamlText } from './yaml-patch.ts';

/**
 * Where live changes (tier order, enabled switches, vendor edits) are saved. Headless: the YAML/JSON file the
 * proxy was started with (comments preserved); desktop: electron-store. Values are raw (un-interpolated) input.
 */
export interface ConfigStore {
  /** Sets one top-level or nested key, e.g. `['tiers']` or `['vendors', 2, 'enabled']`. */
  set(path: Array<string | number>, value: unknown): void;
  get(path: Array<string | number>): unknown;
}

/**
 * The YAML/JSON file the proxy was started with. YAML saves change only the bytes of what changed (comments,
 * order, quoting, flow style and `${VAR}` references elsewhere stay as written; see yaml-patch.ts), falling back
 * to the document API (comments kept, formatting normalised) for edits that cannot be spliced. The file is re-read
 * for every save, so hand edits made while the proxy runs survive, and replaced atomically (write + rename).
 */
export function createFileConfigStore(path: string): ConfigStore {
  const isJson = path.toLowerCase().endsWith('.json');
  const load = () => parseDocument(readFileSync(path, 'utf8'));
  return {
    get(keyPath) {
      const value = load().getIn(keyPath);
      return value && typeof value === 'object' && 'toJSON' in value
        ? (value as { toJSON(): unknown }).toJSON()
        : value;
    },
    set(keyPath, value) {
      const before = readFileSync(path, 'utf8');
      let text: string;
      if (isJson) {
        const root = JSON.parse(before) as Record<string | number, unknown>;
        setIn(root, keyPath, value);
        text = `${JSON.stringify(root, null, 2)}\n`;
      } else {
        text = patchYamlText(before, keyPath, value) ?? renderWithDocument(before, keyPath, value);
      }
      if (text !== before) writeAtomically(path, text);
    },
  };
}

function renderWithDocument(text: string, keyPath: Array<string | number>, value: unknown): string {
  const doc = parseDocument(text);
  setInDocument(doc, keyPath, value);
  return doc.toString();
}

/** Write + rename in the file's own folder (following a symlinked config to its target), mode 0600. */
function writeAtomically(path: string, text: string): void {
  let target = path;
  try {
    target = realpathSync(path);
  } catch {
    // A new file: write it where it was named.
  }
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  writeFileSync(temp, text, { mode: 0o600 });
  try {
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
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
