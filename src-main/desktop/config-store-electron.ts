// `ConfigStore` over electron-store: the proxy configuration lives under one key (`proxy`), raw as the user
// wrote it (env references kept), in the same schema as the CLI's YAML file. Paths are walked here rather than
// passed to electron-store as dotted keys, because vendor names may contain dots.
import type { ConfigStore } from '../core/config/config-store.ts';
import type { KeyValueStore } from './key-value-store.ts';

export const PROXY_CONFIG_KEY = 'proxy';

type Node = Record<string | number, unknown>;

function isContainer(value: unknown): value is Node {
  return value !== null && typeof value === 'object';
}

export function createElectronConfigStore(store: KeyValueStore, rootKey = PROXY_CONFIG_KEY): ConfigStore {
  return {
    get(path) {
      let node: unknown = store.get(rootKey);
      for (const key of path) {
        if (!isContainer(node)) return undefined;
        node = node[key];
      }
      return node === undefined ? undefined : structuredClone(node);
    },
    set(path, value) {
      if (path.length === 0) {
        store.set(rootKey, structuredClone(value));
        return;
      }
      const current = store.get(rootKey);
      const root: Node = isContainer(current) ? structuredClone(current) : {};
      let node = root;
      for (const [index, key] of path.slice(0, -1).entries()) {
        if (!isContainer(node[key])) node[key] = typeof path[index + 1] === 'number' ? [] : {};
        node = node[key] as Node;
      }
      node[path[path.length - 1]!] = structuredClone(value);
      // One write of the whole tree: electron-store writes its file atomically per `set`.
      store.set(rootKey, root);
    },
  };
}
