// `${NAME}` and `${NAME:-fallback}` references to the environment. They are read only in the fields listed in
// secret-refs.ts, and only for the vendor's forwarder (never into the configuration the control API reports). An
// unset variable becomes '' and is reported, so `start` can warn "ZHIPU_API_KEY is not set (vendors[1].apiKey)".

export const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

const ONE_REFERENCE = new RegExp(ENV_REFERENCE.source);

export function hasEnvReference(text: string): boolean {
  return ONE_REFERENCE.test(text);
}

/** The variables `text` refers to (for warnings and for the dashboard's "from $NAME" hint). */
export function envReferences(text: string): string[] {
  return [...text.matchAll(new RegExp(ENV_REFERENCE.source, 'g'))].map((match) => match[1] as string);
}

/** `text` with every reference replaced; `onMissing` hears about each unset variable without a fallback. */
export function expandEnv(
  text: string,
  env: NodeJS.ProcessEnv,
  onMissing: (variable: string) => void = () => {},
): string {
  return text.replace(ENV_REFERENCE, (_whole, name: string, fallback: string | undefined) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    onMissing(name);
    return '';
  });
}
