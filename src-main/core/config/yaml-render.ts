// How yaml-patch.ts writes the text of a value it splices in: scalars in the quoting style they had (or plain when
// plain can hold them), flow collections as the shipped config writes them (`[a, b]`, `{ a: 1 }`), nested values
// as block lines at the right indent.
import { Document, isMap, isSeq, stringify } from 'yaml';

export const isScalarValue = (value: unknown) => value === null || typeof value !== 'object';

export function js(node: unknown): unknown {
  if (node && typeof node === 'object' && 'toJSON' in node) return (node as { toJSON(): unknown }).toJSON();
  return node;
}

export function renderScalar(value: unknown, type: string | undefined, inFlow: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'string') return String(value);
  if (type === 'QUOTE_SINGLE') return `'${value.replaceAll("'", "''")}'`;
  if (type === 'QUOTE_DOUBLE' || /[\n\r]/.test(value)) return JSON.stringify(value);
  const plain = stringify(value, { lineWidth: 0 }).trimEnd();
  return inFlow && /[,[\]{}]/.test(plain) ? JSON.stringify(value) : plain;
}

/** `[a, b]` for lists, `{ a: 1 }` for maps: the styles the shipped config uses. */
export function renderFlow(value: unknown): string {
  const doc = new Document(value);
  if (isMap(doc.contents) || isSeq(doc.contents)) doc.contents.flow = true;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: !Array.isArray(value) }).trimEnd();
}

/** Block-style lines for a collection, each prefixed with `indent` spaces. */
export function renderBlockLines(value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  return new Document(value)
    .toString({ lineWidth: 0 })
    .trimEnd()
    .split('\n')
    .map((line) => pad + line);
}

export const isFlowLike = (value: unknown) =>
  isScalarValue(value) || (Array.isArray(value) && value.every(isScalarValue));

/** `{}` or `{ key: value, … }`, each entry rendered as a flow map's entry. */
export function renderFlowMap(value: Record<string, unknown>): string {
  const entries = Object.entries(value)
    .filter(([, next]) => next !== undefined)
    .map(([key, next]) => `${renderScalar(key, undefined, true)}: ${renderFlowValue(next)}`);
  return entries.length ? `{ ${entries.join(', ')} }` : '{}';
}

export function renderFlowValue(value: unknown): string {
  return isScalarValue(value) ? renderScalar(value, undefined, true) : renderFlow(value);
}
