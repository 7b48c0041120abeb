// Bundles the Electron main process and the preload into dist-electron/ with vite's SSR (Node) build:
//   dist-electron/main.js      ES module (package.json "main"), loaded by Electron
//   dist-electron/preload.cjs  CommonJS: sandboxed preloads cannot be ES modules
// electron, better-sqlite3 (native, rebuilt for Electron by electron-builder) and Node builtins stay external;
// everything else (core, zod, yaml, undici, electron-store) is bundled so the app does not depend on
// node_modules layout at run time.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleNode } from './bundle-node.ts';

const root = resolve(import.meta.dirname, '..');
const isElectron = (id: string) => id === 'electron' || id.startsWith('electron/');

rmSync(join(root, 'dist-electron'), { recursive: true, force: true });
await bundleNode('src-main/desktop/main.ts', 'dist-electron/main.js', { external: isElectron });
await bundleNode('src-main/preload.ts', 'dist-electron/preload.cjs', { format: 'cjs', external: isElectron });
console.log(`built ${join('dist-electron', 'main.js')} and ${join('dist-electron', 'preload.cjs')}`);
