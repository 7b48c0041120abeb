// Gemini's function `parameters` is an OpenAPI-3 subset, not JSON Schema: unknown keywords answer 400
// "Invalid JSON payload received. Unknown name …" ($schema: router-for-me/CLIProxyAPI#97; additionalProperties,
// propertyNames: musistudio/claude-code-router#187; const: zed-industries/zed#44875; $ref: decolua/9router#1036;
// exclusiveMinimum: theopenco/llmgateway#1763) and type arrays fail with "Proto field is not repeating".
// So this is an allow-list: anything not written below is dropped, and constraints the model should still know
// about are moved into the description as a hint (the approach of CLIProxyAPI's gemini_schema.go).

type Schema = Record<string, unknown>;

const TYPE_NAMES: Record<string, string> = {
  string: 'STRING',
  number: 'NUMBER',
  integer: 'INTEGER',
  boolean: 'BOOLEAN',
  array: 'ARRAY',
  object: 'OBJECT',
};

/** Constraints Gemini (or Antigravity's stricter validator) rejects, kept as human-readable hints. */
const HINT_KEYS = [
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minProperties',
  'maxProperties',
  'default',
  'examples',
] as const;

const STRING_FORMATS = new Set(['enum', 'date-time']);
const NUMBER_FORMATS = new Set(['float', 'double', 'int32', 'int64']);
/** Guards against schemas that reference themselves through `$ref` (inlining stops after this depth). */
const MAX_REF_DEPTH = 8;

interface CleanContext {
  definitions: Record<string, unknown>;
  refStack: string[];
}

function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}

function withHints(description: unknown, hints: string[]): string | undefined {
  const base = typeof description === 'string' && description.trim() !== '' ? description : undefined;
  if (hints.length === 0) return base;
  const hint = `(${hints.join('; ')})`;
  return base ? `${base} ${hint}` : hint;
}

/** MCP servers sometimes send a bare property map (`{a: {type}, b: {type}}`) as the whole schema. */
function looksLikeBarePropertyMap(node: Schema): boolean {
  const values = Object.values(node);
  return (
    values.length > 0 &&
    !('type' in node) &&
    !('properties' in node) &&
    values.every((value) => isRecord(value) && typeof value.type === 'string')
  );
}

function resolveRef(ref: string, context: CleanContext): { name: string; target: unknown } | undefined {
  const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
  if (!match?.[1]) return undefined;
  const name = decodeURIComponent(match[1].replace(/~1/g, '/').replace(/~0/g, '~'));
  return name in context.definitions ? { name, target: context.definitions[name] } : undefined;
}

function mergeAllOf(node: Schema): Schema {
  const { allOf, ...rest } = node;
  if (!Array.isArray(allOf)) return node;
  const merged: Schema = {};
  const properties: Schema = {};
  const required = new Set<string>();
  for (const branch of [...allOf, rest]) {
    if (!isRecord(branch)) continue;
    for (const [key, value] of Object.entries(branch)) {
      if (key === 'properties' && isRecord(value)) Object.assign(properties, value);
      else if (key === 'required' && Array.isArray(value)) {
        for (const name of value) if (typeof name === 'string') required.add(name);
      } else if (!(key in merged) || branch === rest) merged[key] = value;
    }
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

function isNullSchema(value: unknown): boolean {
  return isRecord(value) && (value.type === 'null' || (value.const === null && !('type' in value)));
}

function cleanVariants(node: Schema, variants: unknown[], context: CleanContext): Schema {
  const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = node;
  const nonNull = variants.filter((variant) => !isNullSchema(variant));
  const nullable = nonNull.length < variants.length;
  let result: Schema;
  if (nonNull.length === 0) {
    result = clean({ ...rest, type: 'string' }, context);
  } else if (nonNull.length === 1) {
    const only = isRecord(nonNull[0]) ? nonNull[0] : {};
    result = clean({ ...only, ...rest, type: only.type ?? rest.type }, context);
  } else if (nonNull.every((variant) => isRecord(variant) && typeof variant.const === 'string')) {
    // A union of string constants is how zod/pydantic spell an enum.
    const values = nonNull.map((variant) => (variant as Schema).const as string);
    result = clean({ ...rest, type: 'string', enum: values }, context);
  } else {
    const cleanedRest = clean({ ...rest, type: 'string' }, context);
    result = { anyOf: nonNull.map((variant) => clean(variant, context)) };
    if (cleanedRest.description !== undefined) result.description = cleanedRest.description;
  }
  if (nullable) result.nullable = true;
  return result;
}

function inferType(node: Schema): unknown {
  if (node.type !== undefined) return node.type;
  if (isRecord(node.properties)) return 'object';
  if (node.items !== undefined) return 'array';
  if ('const' in node && node.const !== null)
    return typeof node.const === 'string' ? 'string' : typeof node.const;
  if (Array.isArray(node.enum)) return 'string';
  return 'string';
}

function clean(input: unknown, context: CleanContext): Schema {
  if (!isRecord(input)) return { type: 'STRING' };
  let node = input;

  if (typeof node.$ref === 'string') {
    const { $ref, ...rest } = node;
    const resolved = resolveRef($ref as string, context);
    if (!resolved || context.refStack.includes(resolved.name) || context.refStack.length >= MAX_REF_DEPTH) {
      const name = resolved?.name ?? String($ref);
      return clean(
        { type: 'object', ...rest, description: withHints(rest.description, [`see ${name}`]) },
        context,
      );
    }
    const inner = { ...context, refStack: [...context.refStack, resolved.name] };
    return clean({ ...(isRecord(resolved.target) ? resolved.target : {}), ...rest }, inner);
  }
  if (Array.isArray(node.allOf)) node = mergeAllOf(node);
  const variants = Array.isArray(node.anyOf)
    ? node.anyOf
    : Array.isArray(node.oneOf)
      ? node.oneOf
      : undefined;
  if (variants) return cleanVariants(node, variants, context);

  let nullable = node.nullable === true;
  let type = inferType(node);
  if (Array.isArray(type)) {
    const types = type.filter((entry): entry is string => typeof entry === 'string');
    nullable ||= types.includes('null');
    const nonNull = types.filter((entry) => entry !== 'null');
    if (nonNull.length > 1) {
      return cleanVariants(
        node,
        nonNull.map((entry) => ({ ...node, type: entry })),
        context,
      );
    }
    type = nonNull[0] ?? 'string';
  }
  if (type === 'null') {
    type = 'string';
    nullable = true;
  }
  const typeName = TYPE_NAMES[String(type)] ?? 'STRING';

  const out: Schema = { type: typeName };
  const hints: string[] = [];

  let enumValues: unknown[] | undefined = Array.isArray(node.enum) ? node.enum : undefined;
  if ('const' in node && node.const !== undefined) enumValues = [node.const];
  if (enumValues) {
    if (enumValues.includes(null)) nullable = true;
    const present = enumValues.filter((value) => value !== null);
    if (typeName === 'STRING')
      out.enum = present.map((value) => (typeof value === 'string' ? value : describe(value)));
    else hints.push(`one of: ${present.map(describe).join(', ')}`);
  }

  if (typeof node.format === 'string') {
    const allowed = typeName === 'STRING' ? STRING_FORMATS : NUMBER_FORMATS;
    if (allowed.has(node.format) && (typeName !== 'STRING' || node.format !== 'enum' || out.enum)) {
      out.format = node.format;
    } else hints.push(`format: ${node.format}`);
  }

  for (const key of HINT_KEYS) {
    if (node[key] === undefined) continue;
    if (key === 'uniqueItems') {
      if (node[key] === true) hints.push('items must be unique');
    } else if (key === 'examples') {
      const examples = Array.isArray(node[key]) ? (node[key] as unknown[]) : [node[key]];
      if (examples.length > 0) hints.push(`examples: ${examples.slice(0, 3).map(describe).join(', ')}`);
    } else hints.push(`${key}: ${describe(node[key])}`);
  }

  const description = withHints(node.description, hints);
  if (description !== undefined) out.description = description;

  if (typeName === 'OBJECT') {
    const sourceProperties = isRecord(node.properties)
      ? node.properties
      : looksLikeBarePropertyMap(node)
        ? node
        : undefined;
    const required = new Set<string>(
      Array.isArray(node.required) ? node.required.filter((name) => typeof name === 'string') : [],
    );
    if (sourceProperties) {
      const properties: Schema = {};
      // Property names are data, never keywords: only the values are cleaned.
      for (const [name, value] of Object.entries(sourceProperties)) {
        if (isRecord(value) && value.required === true) required.add(name);
        properties[name] = clean(value, context);
      }
      if (Object.keys(properties).length > 0) {
        out.properties = properties;
        const kept = [...required].filter((name) => name in properties);
        if (kept.length > 0) out.required = kept;
      }
    }
  }

  if (typeName === 'ARRAY') {
    const items = Array.isArray(node.items) ? node.items[0] : node.items;
    // Gemini rejects an ARRAY without `items` ("items: missing field").
    out.items = items === undefined || items === true ? { type: 'STRING' } : clean(items, context);
  }

  if (nullable) out.nullable = true;
  return out;
}

/**
 * Cleans one tool's JSON Schema into the subset Gemini accepts. Only schema locations may go through here,
 * never whole payloads: `title`/`default` inside replayed `functionCall.args` are data (CPA broke that once).
 */
export function cleanSchemaForGemini(schema: unknown): Record<string, unknown> {
  if (!isRecord(schema)) return { type: 'OBJECT' };
  const definitions = {
    ...(isRecord(schema.definitions) ? schema.definitions : {}),
    ...(isRecord(schema.$defs) ? schema.$defs : {}),
  };
  const root = looksLikeBarePropertyMap(schema) ? { type: 'object', properties: schema } : schema;
  return clean(root, { definitions, refStack: [] });
}
