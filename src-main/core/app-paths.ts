// Where the app's own files are, in every layout it runs from:
//   source run       src-main/core/app-paths.ts      (root two folders up)
//   CLI bundle       dist/cli.js                      (this code is inlined there: root one folder up)
//   desktop bundle   dist-electron/main.js            (the desktop passes `app.getAppPath()`)
//   packaged app     …/resources/app.asar             (`app.getAppPath()`; Electron's fs reads inside the asar)
// The root is the nearest folder above the running file whose package.json names this app, never a folder above
// that: a `dist-renderer/` left in a parent folder (a clone in a shared /tmp) must never be served.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_PACKAGE_NAME = 'coding-proxy';

export interface AppPaths {
  root: string;
  /** The built dashboard, when `dist-renderer/index.html` exists inside the root. */
  dashboardDir?: string;
  assetsDir: string;
}

function packageNameAt(dir: string): string | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    const name = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : '';
  } catch {
    return '';
  }
}

/**
 * The app root for a running module: walks up from `moduleUrl` to the first package.json and accepts it only if
 * it is ours. The first package.json found ends the walk either way.
 */
export function findAppRoot(moduleUrl: string): string | undefined {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const name = packageNameAt(dir);
    if (name !== undefined) return name === APP_PACKAGE_NAME ? dir : undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The app's folders under a known root (`app.getAppPath()` in Electron, `findAppRoot` elsewhere). */
export function appPaths(root: string): AppPaths {
  const dashboardDir = join(root, 'dist-renderer');
  return {
    root,
    ...(existsSync(join(dashboardDir, 'index.html')) ? { dashboardDir } : {}),
    assetsDir: join(root, 'assets'),
  };
}

/** The paths of the app this code runs in (CLI: source or bundle). Throws when no app root encloses it. */
export function ownAppPaths(moduleUrl: string = import.meta.url): AppPaths {
  const root = findAppRoot(moduleUrl);
  if (!root)
    throw new Error(
      `cannot find the coding-proxy folder above ${fileURLToPath(moduleUrl)} (no package.json named "${APP_PACKAGE_NAME}")`,
    );
  return appPaths(root);
}
