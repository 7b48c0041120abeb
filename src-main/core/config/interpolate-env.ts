// `${NAME}` and `${NAME:-fallback}` in every string value (never in keys). An unset variable becomes '' and is
// reported, so `start` can warn "ZHIPU_API_KEY is not set (vendors[1].apiKey)" instead of failing mysteriously.

export interface Interpolated {
  value: unknown;
  missing: Array<{ variable: string; path: string }>;
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function interpolateEnv(input: unknown, env: NodeJS.ProcessEnv = process.env): Interpolated {
  const missing: Interpolated['missing'] = [];
  const walk = (node: unknown, path: string): unknown => {
    if (typeof node === 'string') {
      return node.replace(REFERENCE, (_whole, name: string, fallback: string | undefined) => {
        const value = env[name];
        if (value !== undefined && value !== '') return value;
        if (fallback !== undefined) return fallback;
        missing.push({ variable: name, path });
        return '';
      });
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${path}[${index}]`));
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) out[key] = walk(value, path ? `${path}.${key}` : key);
      return out;
    }
    return node;
  };
  return { value: walk(input, ''), missing };
}
