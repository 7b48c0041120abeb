// Writes a new value into a parsed YAML document by changing only what differs, so a hand-edited config keeps its
// comments, key order, quoting and flow style (`{ name: a, kind: zhipu }` stays on one line). Maps are updated key
// by key; sequence items are matched to the existing nodes by identity (a vendor by its name, a tier by its value)
// so reordering moves nodes together with their comments instead of rewriting every item.
import { isDeepStrictEqual } from 'node:util';
import { type Document, isMap, isScalar, isSeq, type Node, Pair, type YAMLMap, type YAMLSeq } from 'yaml';

type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

/** A new node for `value`, styled like its siblings: flow when they are all flow (or for a list of scalars). */
function createNode(doc: Document, value: unknown, siblings: readonly unknown[] = []): Node {
  const scalarList = Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object');
  const collections = siblings.filter((node) => isMap(node) || isSeq(node)) as Array<YAMLMap | YAMLSeq>;
  const flow = scalarList || (collections.length > 0 && collections.every((node) => node.flow === true));
  return doc.createNode(value, { flow }) as Node;
}

/** What makes two sequence items "the same item": a vendor's name, a scalar's value. */
function identity(value: unknown): unknown {
  if (isPlainObject(value) && typeof value.name === 'string') return `name:${value.name}`;
  if (value === null || typeof value !== 'object') return `value:${String(value)}:${typeof value}`;
  return undefined;
}

function nodeIdentity(node: unknown): unknown {
  if (isScalar(node)) return identity(node.value);
  if (isMap(node)) {
    const name = node.get('name');
    return typeof name === 'string' ? `name:${name}` : undefined;
  }
  return undefined;
}

function reconcileMap(doc: Document, map: YAMLMap, value: Record<string, unknown>): YAMLMap {
  for (const pair of [...map.items]) {
    const key = keyOf(pair);
    if (typeof key !== 'string' || value[key] === undefined) map.items.splice(map.items.indexOf(pair), 1);
  }
  for (const [key, next] of Object.entries(value)) {
    if (next === undefined) continue;
    const pair = map.items.find((item) => keyOf(item) === key);
    if (pair) pair.value = reconcile(doc, pair.value, next);
    else
      map.items.push(
        new Pair(
          doc.createNode(key),
          createNode(
            doc,
            next,
            map.items.map((item) => item.value),
          ),
        ),
      );
  }
  return map;
}

function reconcileSeq(doc: Document, seq: YAMLSeq, value: unknown[]): YAMLSeq {
  const pool = [...seq.items];
  const siblings = [...seq.items];
  const take = (node: unknown) => pool.splice(pool.indexOf(node), 1);
  // First pass: items with an identity keep their node wherever they moved.
  const matched = value.map((item) => {
    const id = identity(item);
    const node = id === undefined ? undefined : pool.find((candidate) => nodeIdentity(candidate) === id);
    if (node !== undefined) take(node);
    return node;
  });
  // Second pass: the rest reuse a leftover node of the same shape at the same position (an edited rule, a
  // changed scalar), so its comments and style stay.
  seq.items = value.map((item, index) => {
    let node = matched[index];
    if (node === undefined) {
      const same = seq.items[index];
      const sameShape =
        same !== undefined &&
        pool.includes(same) &&
        (isPlainObject(item) ? isMap(same) : Array.isArray(item) ? isSeq(same) : isScalar(same));
      if (sameShape) {
        take(same);
        node = same;
      }
    }
    return node === undefined ? createNode(doc, item, siblings) : reconcile(doc, node, item);
  });
  return seq;
}

/** Returns the node to keep in place of `node` so that it represents `value`, changing as little as possible. */
export function reconcile(doc: Document, node: unknown, value: unknown): Node {
  if (isPlainObject(value) && isMap(node)) return reconcileMap(doc, node, value);
  if (Array.isArray(value) && isSeq(node)) return reconcileSeq(doc, node, value);
  if (isScalar(node) && (value === null || typeof value !== 'object')) {
    if (!isDeepStrictEqual(node.value, value)) node.value = value;
    return node;
  }
  return createNode(doc, value as Plain);
}

/** Sets `keyPath` in `doc` to `value` through `reconcile`, creating missing parents as block maps. */
export function setInDocument(doc: Document, keyPath: ReadonlyArray<string | number>, value: unknown): void {
  if (keyPath.length === 0) {
    doc.contents = reconcile(doc, doc.contents, value) as typeof doc.contents;
    return;
  }
  const parentPath = keyPath.slice(0, -1);
  const key = keyPath[keyPath.length - 1]!;
  const existing = doc.getIn(keyPath, true);
  if (existing !== undefined) {
    const next = reconcile(doc, existing, value);
    if (next !== existing) doc.setIn(keyPath, next);
    return;
  }
  const parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
  const siblings = isMap(parent) ? parent.items.map((item) => item.value) : isSeq(parent) ? parent.items : [];
  if (parent === null || parent === undefined || (isScalar(parent) && parent.value === null)) {
    if (parentPath.length === 0) doc.contents = doc.createNode({}) as typeof doc.contents;
  }
  doc.setIn([...parentPath, key], createNode(doc, value, siblings));
}
