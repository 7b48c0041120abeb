// Bundles a Node entry point (TypeScript) into one ES module. Running the TypeScript sources directly works
// everywhere, but Node's type stripping keeps its compiler in memory; a bundle starts faster and idles at a
// fraction of the RSS. better-sqlite3 (native) and Node builtins stay external.
import { builtinModules } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

export interface BundleOptions {
  format?: 'es' | 'cjs';
  /** Extra modules to leave out of the bundle (builtins and better-sqlite3 always are). */
  external?: (id: string) => boolean;
}

export async function bundleNode(entry: string, outFile: string, options: BundleOptions = {}): Promise<string> {
  const output = resolve(root, outFile);
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: true,
      outDir: dirname(output),
      emptyOutDir: false,
      target: 'node22',
      minify: false,
      sourcemap: true,
      rollupOptions: {
        input: resolve(root, entry),
        external: (id: string) => builtins.has(id) || id === 'better-sqlite3' || (options.external?.(id) ?? false),
        output: { format: options.format ?? 'es', entryFileNames: basename(output), codeSplitting: false },
      },
    },
  });
  return output;
}
