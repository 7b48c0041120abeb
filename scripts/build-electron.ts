// Bundles the Electron main process and the preload into dist-electron/ with vite's SSR (Node) build:
//   dist-electron/main.js      ES module (package.json "main"), loaded by Electron
//   dist-electron/preload.cjs  CommonJS: sandboxed preloads cannot be ES modules
// electron, better-sqlite3 (native, rebuilt for Electron by electron-builder) and Node builtins stay external;
// everything else (core, zod, yaml, undici, electron-store) is bundled so the app does not depend on
// node_modules layout at run time.
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'dist-electron');
const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
const external = (id: string) =>
  builtins.has(id) || id === 'electron' || id.startsWith('electron/') || id === 'better-sqlite3';

async function bundle(entry: string, fileName: string, format: 'es' | 'cjs', emptyOutDir: boolean): Promise<void> {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    // Bundle every dependency except the externals above (SSR builds externalize node_modules by default).
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: true,
      outDir,
      emptyOutDir,
      target: 'node22',
      minify: false,
      sourcemap: true,
      rollupOptions: {
        input: join(root, entry),
        external,
        output: { format, entryFileNames: fileName, codeSplitting: false },
      },
    },
  });
}

await bundle('src-main/desktop/main.ts', 'main.js', 'es', true);
await bundle('src-main/preload.ts', 'preload.cjs', 'cjs', false);
console.log(`built ${join('dist-electron', 'main.js')} and ${join('dist-electron', 'preload.cjs')}`);
