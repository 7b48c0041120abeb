// Saves a change into a hand-edited YAML file by splicing the text of only the nodes that change, at the source
// ranges the `yaml` document API reports: every other byte (comments, their alignment, blank lines, quoting, flow
// maps longer than a line) stays as the user wrote it. Handles scalar changes, added/removed map keys and list items,
// and reordered lists of names (`tiers`). Anything else returns undefined and the caller falls back to re-rendering
// the document; every patch is verified by parsing the result.
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, type Pair, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import {
  isFlowLike,
  isScalarValue,
  js,
  renderBlockLines,
  renderFlow,
  renderFlowMap,
  renderFlowValue,
  renderScalar,
} from './yaml-render.ts';

interface Edit {
  start: number;
  end: number;
  text: string;
}

class Unsupported extends Error {}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

class Patcher {
  readonly edits: Edit[] = [];
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  lineStart(pos: number): number {
    return this.text.lastIndexOf('\n', pos - 1) + 1;
  }

  /** Just past the newline that ends the line holding `pos` (or `pos` itself when it already starts a line). */
  endOfLine(pos: number): number {
    if (pos > 0 && this.text[pos - 1] === '\n') return pos;
    const newline = this.text.indexOf('\n', pos);
    return newline === -1 ? this.text.length : newline + 1;
  }

  column(pos: number): number {
    return pos - this.lineStart(pos);
  }

  /** `key: value` (value after the colon) for a block map at `indent`. */
  blockEntry(key: string, value: unknown, indent: number): string {
    if (isFlowLike(value))
      return `${key}: ${isScalarValue(value) ? renderScalar(value, undefined, false) : renderFlow(value)}`;
    return `${key}:\n${renderBlockLines(value, indent + 2).join('\n')}`;
  }

  range(node: unknown): [number, number, number] {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (!range) throw new Unsupported('node without a source range');
    return range;
  }

  diff(node: unknown, value: unknown, inFlow: boolean): void {
    if (isDeepStrictEqual(js(node), value)) return;
    if (isScalar(node) && isScalarValue(value)) {
      const [start, end] = this.range(node);
      this.edits.push({ start, end, text: renderScalar(value, node.type, inFlow) });
    } else if (isMap(node) && isPlainObject(value)) this.diffMap(node, value, inFlow || node.flow === true);
    else if (isSeq(node) && Array.isArray(value)) this.diffSeq(node, value, inFlow || node.flow === true);
    else if (isScalar(node) && (inFlow || isFlowLike(value))) {
      const [start, end] = this.range(node);
      this.edits.push({ start, end, text: renderFlow(value) });
    } else throw new Unsupported('a value changes between a scalar and a block collection');
  }

  contentEnd(pair: Pair): number {
    return this.range(pair.value ?? pair.key)[1];
  }

  diffMap(map: YAMLMap, value: Record<string, unknown>, inFlow: boolean): void {
    const keyOf = (pair: Pair) => (isScalar(pair.key) ? pair.key.value : undefined);
    const kept = map.items.filter((pair) => {
      const key = keyOf(pair);
      return typeof key === 'string' && value[key] !== undefined;
    });
    if (map.flow && kept.length === 0) {
      // Nothing of the old flow map stays: write it anew, so no padding of removed entries is left behind
      // (`{}`, `{ a: "${HOME}" }`, never `{  }`).
      const [start, end] = this.range(map);
      this.edits.push({ start, end, text: renderFlowMap(value) });
      return;
    }
    map.items.forEach((pair, index) => {
      const key = keyOf(pair);
      if (typeof key === 'string' && value[key] !== undefined) this.diff(pair.value, value[key], inFlow);
      else this.removePair(map, index, inFlow);
    });
    const added = Object.entries(value).filter(
      ([key, next]) => next !== undefined && !map.items.some((pair) => keyOf(pair) === key),
    );
    if (added.length) this.addPairs(map, added, inFlow);
  }

  removePair(map: YAMLMap, index: number, inFlow: boolean): void {
    const pair = map.items[index]!;
    const [keyStart] = this.range(pair.key);
    if (!inFlow) {
      this.edits.push({
        start: this.lineStart(keyStart),
        end: this.endOfLine(this.contentEnd(pair)),
        text: '',
      });
      return;
    }
    const previous = map.items[index - 1];
    const next = map.items[index + 1];
    if (previous) this.edits.push({ start: this.contentEnd(previous), end: this.contentEnd(pair), text: '' });
    else if (next) this.edits.push({ start: keyStart, end: this.range(next.key)[0], text: '' });
    else this.edits.push({ start: keyStart, end: this.contentEnd(pair), text: '' });
  }

  addPairs(map: YAMLMap, added: Array<[string, unknown]>, inFlow: boolean): void {
    const last = map.items[map.items.length - 1];
    if (inFlow) {
      const entries = added.map(
        ([key, next]) => `${renderScalar(key, undefined, true)}: ${renderFlowValue(next)}`,
      );
      if (last)
        this.edits.push({
          start: this.contentEnd(last),
          end: this.contentEnd(last),
          text: `, ${entries.join(', ')}`,
        });
      else {
        const [start] = this.range(map);
        this.edits.push({ start: start + 1, end: start + 1, text: ` ${entries.join(', ')} ` });
      }
      return;
    }
    if (!last) throw new Unsupported('adding to an empty block map');
    const indent = this.column(this.range(last.key)[0]);
    const at = this.endOfLine(this.contentEnd(last));
    const lines = added.map(([key, next]) => `${' '.repeat(indent)}${this.blockEntry(key, next, indent)}\n`);
    const newline = at === this.text.length && !this.text.endsWith('\n') ? '\n' : '';
    this.edits.push({ start: at, end: at, text: newline + lines.join('') });
  }

  diffSeq(seq: YAMLSeq, value: unknown[], inFlow: boolean): void {
    const items = seq.items;
    const allScalars = items.every((item) => isScalar(item)) && value.every(isScalarValue);
    if (allScalars && items.length === value.length) {
      for (const [index, item] of items.entries()) this.diff(item, value[index], inFlow);
      return;
    }
    if (inFlow) {
      const [start, end] = this.range(seq);
      this.edits.push({ start, end, text: renderFlow(value) });
      return;
    }
    this.diffBlockSeq(seq, value);
  }

  /** Block lists: items are matched by identity (a vendor's name, a scalar's value), in order. */
  diffBlockSeq(seq: YAMLSeq, value: unknown[]): void {
    const identity = (item: unknown) =>
      isPlainObject(item) ? `name:${String(item.name)}` : JSON.stringify(item ?? null);
    const nodeIdentity = (node: unknown) => identity(js(node));
    const oldIds = seq.items.map(nodeIdentity);
    const newIds = value.map(identity);
    if (new Set(oldIds).size !== oldIds.length || new Set(newIds).size !== newIds.length)
      throw new Unsupported('list items without distinct names');
    let lastMatched = -1;
    const insertions = new Map<number, unknown[]>(); // old index to insert before (items.length = at the end)
    const pending: unknown[] = [];
    value.forEach((item, index) => {
      const oldIndex = oldIds.indexOf(newIds[index]!);
      if (oldIndex === -1) {
        pending.push(item);
        return;
      }
      if (oldIndex < lastMatched) throw new Unsupported('reordered list items');
      if (pending.length) insertions.set(oldIndex, pending.splice(0));
      lastMatched = oldIndex;
      this.diff(seq.items[oldIndex], item, false);
    });
    if (pending.length) insertions.set(seq.items.length, pending);
    seq.items.forEach((node, index) => {
      if (newIds.includes(oldIds[index]!)) return;
      const [start, end] = this.range(node);
      this.edits.push({ start: this.lineStart(start), end: this.endOfLine(end), text: '' });
    });
    for (const [before, added] of insertions) this.insertItems(seq, before, added);
  }

  insertItems(seq: YAMLSeq, before: number, added: unknown[]): void {
    const sample = seq.items[Math.min(before, seq.items.length - 1)];
    if (!sample) throw new Unsupported('adding to an empty block list');
    const sampleLine = this.lineStart(this.range(sample)[0]);
    const dash = this.text.slice(sampleLine).search(/\S/);
    if (this.text[sampleLine + dash] !== '-') throw new Unsupported('list item not on its dash line');
    const pad = ' '.repeat(dash);
    const flowItems = seq.items.every((item) => (isMap(item) || isSeq(item) ? item.flow === true : true));
    const lines = added.map((item) => {
      if (isFlowLike(item) || flowItems) return `${pad}- ${renderFlowValue(item)}\n`;
      const [first, ...rest] = renderBlockLines(item, dash + 2);
      return `${pad}- ${first!.trimStart()}\n${rest.map((line) => `${line}\n`).join('')}`;
    });
    const next = seq.items[before];
    const at = next
      ? this.lineStart(this.range(next)[0])
      : this.endOfLine(this.range(seq.items[seq.items.length - 1])[1]);
    const newline = at === this.text.length && !this.text.endsWith('\n') ? '\n' : '';
    this.edits.push({ start: at, end: at, text: newline + lines.join('') });
  }

  apply(): string {
    const sorted = [...this.edits].sort((a, b) => b.start - a.start || b.end - a.end);
    let text = this.text;
    for (const edit of sorted) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    return text;
  }
}

function withValueAt(root: unknown, keyPath: ReadonlyArray<string | number>, value: unknown): unknown {
  if (keyPath.length === 0) return structuredClone(value);
  const copy = structuredClone(root ?? {}) as Record<string | number, unknown>;
  let node = copy;
  for (const key of keyPath.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = keyPath[keyPath.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = structuredClone(value);
  return copy;
}

/**
 * The file's text with `keyPath` set to `value`, changing only the bytes of what changed; undefined when the change
 * is outside what can be spliced (the caller then re-renders the document).
 */
export function patchYamlText(
  text: string,
  keyPath: ReadonlyArray<string | number>,
  value: unknown,
): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const target = withValueAt(doc.toJS(), keyPath, value);
  const patcher = new Patcher(text);
  try {
    patcher.diff(doc.contents, target, false);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  const patched = patcher.apply();
  const check = parseDocument(patched);
  return check.errors.length === 0 && isDeepStrictEqual(check.toJS(), target) ? patched : undefined;
}
