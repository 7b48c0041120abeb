// The dependency rules of DEVELOPERS.md ("Layers"), as data and a checker over import specifiers. Kept apart from
// the test so the test can also prove, on made-up files, that every rule catches what it forbids.
import { builtinModules } from 'node:module';
import { dirname, join, normalize } from 'node:path';

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const NODE_BUILTINS = new Set(builtinModules);

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0] ?? '');
}

/**
 * The packages the renderer may import: it runs in a browser (Chromium, the Electron window), so only packages made
 * for one. Everything else — Node built-ins, and packages that need Node (undici, better-sqlite3, electron-store,
 * yaml-on-disk helpers…) — is the main process's. Add a package here only if it runs in a browser.
 */
export const RENDERER_PACKAGES: ReadonlySet<string> = new Set([
  'react',
  'react-dom',
  'zustand',
  'recharts',
  '@dnd-kit/core',
  '@dnd-kit/sortable',
  '@dnd-kit/utilities',
]);

/** `@scope/name` or `name` of a package specifier (`react-dom/client` → `react-dom`). */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
}

function isTestFile(file: string): boolean {
  return /\.test\.tsx?$/.test(file) || /\.test-support\.ts$/.test(file);
}

/** Repository-relative path an import points to, or undefined for a package / built-in. */
function resolveRelative(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return normalize(join(dirname(file), specifier)).replaceAll('\\', '/');
}

function within(path: string | undefined, folder: string): boolean {
  return path !== undefined && (path === folder || path.startsWith(`${folder}/`));
}

interface Rule {
  name: string;
  /** Files the rule applies to (repository-relative, forward slashes). */
  appliesTo(file: string): boolean;
  forbids(specifier: string, target: string | undefined): boolean;
}

export const RULES: readonly Rule[] = [
  {
    name: 'src-shared imports nothing of ours outside src-shared (and no Node, no electron)',
    appliesTo: (file) => within(file, 'src-shared') && !isTestFile(file),
    forbids: (specifier, target) =>
      (target !== undefined && !within(target, 'src-shared')) ||
      isNodeBuiltin(specifier) ||
      specifier === 'electron',
  },
  {
    name: 'the core never imports electron, the CLI or the desktop shell',
    appliesTo: (file) => within(file, 'src-main/core'),
    forbids: (specifier, target) =>
      specifier === 'electron' ||
      specifier.startsWith('electron/') ||
      within(target, 'src-main/cli') ||
      within(target, 'src-main/desktop') ||
      target === 'src-main/preload.ts',
  },
  {
    name: 'vendors never import the router',
    appliesTo: (file) => within(file, 'src-main/core/vendors'),
    forbids: (_specifier, target) => within(target, 'src-main/core/router'),
  },
  {
    name: 'the renderer imports only src-shared, its own code and the browser packages of RENDERER_PACKAGES',
    appliesTo: (file) => within(file, 'src-renderer') && !isTestFile(file),
    forbids: (specifier, target) =>
      target === undefined
        ? !RENDERER_PACKAGES.has(packageName(specifier))
        : !within(target, 'src-renderer') && !within(target, 'src-shared'),
  },
];

const IMPORT_PATTERNS = [
  // import x from '…' / import type { x } from '…' / export { x } from '…' / export * from '…'
  /^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/gm,
  // import('…')
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Every module specifier a source file imports (static, side-effect, re-export and dynamic imports). */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of code.matchAll(pattern)) if (match[1]) found.push(match[1]);
  }
  return found;
}

export function checkFile(file: string, source: string): Violation[] {
  const rules = RULES.filter((rule) => rule.appliesTo(file));
  const violations: Violation[] = [];
  for (const specifier of importsOf(source)) {
    const target = resolveRelative(file, specifier);
    for (const rule of rules) {
      if (rule.forbids(specifier, target)) violations.push({ file, specifier, rule: rule.name });
    }
  }
  return violations;
}
