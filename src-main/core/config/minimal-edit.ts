// What to store when a form sends back a whole vendor: the dashboard shows the vendor as the proxy understands it
// (defaults filled in, `${VAR}` expanded) and returns all of it. Writing that back would materialise every default
// and replace references with their values. Instead a field that still means what the config already meant keeps
// its raw form (or stays absent); only fields the user really changed take the new value.
import { isDeepStrictEqual } from 'node:util';

type Entry = Record<string, unknown>;

function isPlainObject(value: unknown): value is Entry {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * @param raw       the entry as written in the config (undefined for a new one)
 * @param effective the same entry as the running proxy reads it (parsed, defaults applied, variables expanded)
 * @param edited    what the form sent
 */
export function minimalEdit(raw: Entry | undefined, effective: Entry | undefined, edited: Entry): Entry {
  const out: Entry = {};
  const keys = [...Object.keys(raw ?? {}), ...Object.keys(edited).filter((key) => !(raw && key in raw))];
  for (const key of keys) {
    const next = edited[key];
    if (next === undefined) continue; // removed by the user
    const written = raw?.[key];
    const meant = effective?.[key];
    const unchanged = isDeepStrictEqual(next, written) || isDeepStrictEqual(next, meant);
    if (written !== undefined) {
      if (unchanged) out[key] = written;
      else if (isPlainObject(written) && isPlainObject(next))
        out[key] = minimalEdit(written, isPlainObject(meant) ? meant : undefined, next);
      else out[key] = next;
      continue;
    }
    if (unchanged) continue; // a default the user did not touch
    if (isPlainObject(next) && isPlainObject(meant)) {
      const changed = minimalEdit({}, meant, next);
      if (Object.keys(changed).length) out[key] = changed;
    } else out[key] = next;
  }
  return out;
}
