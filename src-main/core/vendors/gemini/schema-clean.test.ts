import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cleanSchemaForGemini } from './schema-clean.ts';

interface FixtureTool {
  name: string;
  input_schema: Record<string, unknown>;
}

const tools = JSON.parse(
  readFileSync(new URL('./fixtures/claude-code-tools.json', import.meta.url), 'utf8'),
) as FixtureTool[];

const FORBIDDEN = [
  '$schema',
  '$id',
  '$ref',
  '$defs',
  '$comment',
  'definitions',
  'additionalProperties',
  'patternProperties',
  'propertyNames',
  'const',
  'default',
  'examples',
  'title',
  'uniqueItems',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'oneOf',
  'allOf',
  'not',
  'deprecated',
];
const ALLOWED = new Set([
  'type',
  'format',
  'description',
  'nullable',
  'enum',
  'items',
  'properties',
  'required',
  'anyOf',
]);

/** Every schema node below `schema`, skipping the property-name level (a property may be called `title`). */
function* schemaNodes(schema: unknown, path = '$'): Generator<[string, Record<string, unknown>]> {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return;
  const node = schema as Record<string, unknown>;
  yield [path, node];
  if (node.properties && typeof node.properties === 'object') {
    for (const [name, value] of Object.entries(node.properties)) yield* schemaNodes(value, `${path}.${name}`);
  }
  if (node.items) yield* schemaNodes(node.items, `${path}[]`);
  if (Array.isArray(node.anyOf))
    for (const [i, v] of node.anyOf.entries()) yield* schemaNodes(v, `${path}|${i}`);
}

describe('cleanSchemaForGemini on Claude Code and MCP tool schemas', () => {
  for (const tool of tools) {
    it(`leaves no keyword Gemini rejects in ${tool.name}`, () => {
      const cleaned = cleanSchemaForGemini(tool.input_schema);
      for (const [path, node] of schemaNodes(cleaned)) {
        for (const key of FORBIDDEN) assert.ok(!(key in node), `${tool.name} ${path} still has ${key}`);
        for (const key of Object.keys(node)) assert.ok(ALLOWED.has(key), `${tool.name} ${path} has ${key}`);
        assert.equal(typeof node.type === 'string' || Array.isArray(node.anyOf), true, `${path} has no type`);
        assert.ok(!Array.isArray(node.type), `${path} has a type array`);
        if (node.type === 'ARRAY') assert.ok(node.items, `${path} is an ARRAY without items`);
        if (Array.isArray(node.required)) {
          const names = Object.keys((node.properties ?? {}) as object);
          for (const name of node.required)
            assert.ok(names.includes(name), `${path} requires unknown ${name}`);
        }
      }
    });
  }

  it('keeps property names even when they look like keywords', () => {
    const tool = tools.find((t) => t.name === 'mcp__github__create_issue');
    const cleaned = cleanSchemaForGemini(tool?.input_schema);
    const properties = cleaned.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(properties), [
      'owner',
      'repo',
      'title',
      'body',
      'labels',
      'assignees',
      'milestone',
      'state',
      'metadata',
    ]);
    assert.deepEqual(properties.title, { type: 'STRING', description: 'Issue title' });
  });
});

describe('cleanSchemaForGemini rules', () => {
  it('turns a ["string","null"] type array into a nullable string', () => {
    assert.deepEqual(
      cleanSchemaForGemini({ type: 'object', properties: { a: { type: ['string', 'null'] } } }),
      {
        type: 'OBJECT',
        properties: { a: { type: 'STRING', nullable: true } },
      },
    );
  });

  it('turns anyOf [X, null] into a nullable X and keeps the outer description', () => {
    const cleaned = cleanSchemaForGemini({
      type: 'object',
      properties: {
        a: { description: 'who', anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'null' }] },
      },
    });
    assert.deepEqual((cleaned.properties as Record<string, unknown>).a, {
      type: 'ARRAY',
      description: 'who',
      items: { type: 'STRING' },
      nullable: true,
    });
  });

  it('turns const into an enum of one and oneOf of string constants into an enum', () => {
    const cleaned = cleanSchemaForGemini({
      type: 'object',
      properties: { state: { const: 'open' }, mode: { oneOf: [{ const: 'fast' }, { const: 'exact' }] } },
    });
    assert.deepEqual(cleaned.properties, {
      state: { type: 'STRING', enum: ['open'] },
      mode: { type: 'STRING', enum: ['fast', 'exact'] },
    });
  });

  it('keeps a real union of different types as anyOf', () => {
    const cleaned = cleanSchemaForGemini({
      type: 'object',
      properties: { v: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
    });
    assert.deepEqual((cleaned.properties as Record<string, unknown>).v, {
      anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }],
    });
  });

  it('inlines local $refs and stops at a recursive one', () => {
    const tool = tools.find((t) => t.name === 'mcp__db__query');
    const cleaned = cleanSchemaForGemini(tool?.input_schema);
    const filters = (cleaned.properties as Record<string, Record<string, unknown>>).filters;
    const filter = filters?.items as Record<string, unknown>;
    assert.equal(filter.type, 'OBJECT');
    assert.deepEqual(filter.required, ['column', 'op', 'value']);
    const nested = ((filter.properties as Record<string, Record<string, unknown>>).and?.items ??
      {}) as Record<string, unknown>;
    assert.deepEqual(nested, { type: 'OBJECT', description: '(see Filter)' });
  });

  it('merges allOf branches into one object', () => {
    const cleaned = cleanSchemaForGemini({
      type: 'object',
      properties: {
        o: {
          allOf: [
            { type: 'object', properties: { a: { type: 'integer' } } },
            { properties: { b: { type: 'boolean' } }, required: ['b'] },
          ],
        },
      },
    });
    assert.deepEqual((cleaned.properties as Record<string, unknown>).o, {
      type: 'OBJECT',
      properties: { a: { type: 'INTEGER' }, b: { type: 'BOOLEAN' } },
      required: ['b'],
    });
  });

  it('moves constraints Gemini rejects into the description', () => {
    const cleaned = cleanSchemaForGemini({
      type: 'object',
      properties: {
        limit: { type: 'integer', description: 'Rows', default: 100, minimum: 1, exclusiveMaximum: 1001 },
        email: { type: 'string', format: 'email' },
        when: { type: 'string', format: 'date-time' },
      },
    });
    assert.deepEqual(cleaned.properties, {
      limit: { type: 'INTEGER', description: 'Rows (minimum: 1; exclusiveMaximum: 1001; default: 100)' },
      email: { type: 'STRING', description: '(format: email)' },
      when: { type: 'STRING', format: 'date-time' },
    });
  });

  it('keeps enums only on strings and hints them elsewhere', () => {
    const cleaned = cleanSchemaForGemini({
      type: 'object',
      properties: { n: { type: 'integer', enum: [1, 2] } },
    });
    assert.deepEqual(cleaned.properties, { n: { type: 'INTEGER', description: '(one of: 1, 2)' } });
  });

  it('gives an array without items a string item type', () => {
    const cleaned = cleanSchemaForGemini({ type: 'object', properties: { a: { type: 'array' } } });
    assert.deepEqual(cleaned.properties, { a: { type: 'ARRAY', items: { type: 'STRING' } } });
  });

  it('wraps a bare property map sent by a sloppy MCP server', () => {
    assert.deepEqual(cleanSchemaForGemini({ path: { type: 'string', required: true } }), {
      type: 'OBJECT',
      properties: { path: { type: 'STRING' } },
      required: ['path'],
    });
  });

  it('does not change the input', () => {
    const input = { $schema: 'x', type: 'object', properties: { a: { type: 'string', default: 'b' } } };
    const copy = structuredClone(input);
    cleanSchemaForGemini(input);
    assert.deepEqual(input, copy);
  });
});
