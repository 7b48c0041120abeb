// A review of electron-builder.yml that runs in every test pass (packaging itself needs the Electron binary):
// the file is valid for the electron-builder we depend on (its own schema, so a misspelt option fails here, not
// at release time), the fuses are set, the native module is loadable from the package, the app has one id and
// name everywhere, and the macOS menu-bar conventions hold.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, matchesGlob } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { APP_ID, PRODUCT_NAME } from '../../src-main/desktop/app-identity.ts';
import { trayIconFile } from '../../src-main/desktop/tray-model.ts';
import { REPO } from './harness/app-process.ts';
import { decodePng } from './support/png.ts';

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  mac: { extendInfo: Record<string, unknown>; target: Array<{ arch: string[] }> };
  win: { target: Array<{ arch: string[] }> };
}

const config = parse(readFileSync(join(REPO, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  productName?: string;
  main: string;
};

/** Whether a path inside the app is packaged by these `files` patterns (electron-builder: later ones win). */
function packaged(path: string, patterns: string[]): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (matchesGlob(path, negated ? pattern.slice(1) : pattern)) included = !negated;
  }
  return included;
}

describe('electron-builder.yml', () => {
  it("is valid for electron-builder's own schema", async () => {
    const require = createRequire(join(REPO, 'package.json'));
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await validateConfiguration(config, new DebugLogger(false));
    await assert.rejects(
      validateConfiguration({ ...config, electronFuse: {} }, new DebugLogger(false)),
      /unknown property 'electronFuse'/,
      'the validator does catch a misspelt option',
    );
  });

  it('flips the Electron fuses that keep the packaged app from running other code', () => {
    assert.deepEqual(config.electronFuses, {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships better-sqlite3 outside app.asar, with the prebuilt binary of each target and nothing else', () => {
    assert.equal(config.npmRebuild, false);
    const targets: Array<[string, string[]]> = [
      ['darwin', config.mac.target.flatMap((target) => target.arch)],
      ['win32', config.win.target.flatMap((target) => target.arch)],
      ['linux', ['x64']],
    ];
    for (const [platform, arches] of targets) {
      const patterns = config.files.map((pattern) => pattern.replaceAll('${platform}', platform));
      for (const arch of arches) {
        const binary = `node_modules/better-sqlite3/prebuilds/${platform}-${arch}.node`;
        assert.ok(existsSync(join(REPO, binary)), `${binary} is in the npm package`);
        assert.ok(packaged(binary, patterns), `${binary} is packaged`);
        assert.ok(
          config.asarUnpack.some((pattern) => matchesGlob(binary, pattern)),
          `${binary} is unpacked`,
        );
      }
      assert.ok(packaged('node_modules/better-sqlite3/lib/index.js', patterns));
      for (const path of [
        `node_modules/better-sqlite3/prebuilds/${platform === 'linux' ? 'darwin' : 'linux'}-x64.node`,
        'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c',
        // Bundled into main.js: the app does not need the CLI's dependencies.
        'node_modules/zod/package.json',
        'node_modules/undici/index.js',
      ])
        assert.ok(!packaged(path, patterns), `${path} is left out on ${platform}`);
    }
  });

  it('packages the bundle, the dashboard and the icons, without source maps', () => {
    assert.equal(manifest.main, 'dist-electron/main.js');
    for (const path of [
      'package.json',
      'dist-electron/main.js',
      'dist-electron/preload.cjs',
      'dist-renderer/index.html',
      'assets/tray-primary.png',
    ])
      assert.ok(packaged(path, config.files), path);
    for (const path of [
      'dist-electron/main.js.map',
      'src-main/desktop/main.ts',
      'tests/desktop/stand-in/index.ts',
    ])
      assert.ok(!packaged(path, config.files), path);
  });

  it('uses one app id and product name everywhere', () => {
    assert.equal(config.appId, APP_ID);
    assert.equal(config.productName, PRODUCT_NAME);
    // Electron's app.getName() (and so userData) comes from package.json.
    assert.equal(manifest.productName ?? manifest.name, PRODUCT_NAME);
    const main = readFileSync(join(REPO, 'src-main', 'desktop', 'main.ts'), 'utf8');
    assert.match(main, /app\.setAppUserModelId\(APP_ID\)/);
  });

  it('is a macOS menu-bar app: no Dock icon at launch, monochrome template tray icons', () => {
    assert.equal(config.mac.extendInfo.LSUIElement, true);
    for (const health of ['primary', 'degraded', 'down'] as const) {
      const file = trayIconFile(health, 'darwin');
      assert.match(file, /Template\.png$/);
      for (const name of [file, file.replace('.png', '@2x.png')]) {
        const { width, rgba } = decodePng(readFileSync(join(REPO, 'assets', name)));
        assert.equal(width, name.includes('@2x') ? 32 : 16, name);
        for (let i = 0; i < rgba.length; i += 4) {
          if (rgba[i + 3] === 0) continue;
          assert.deepEqual(
            [rgba[i], rgba[i + 1], rgba[i + 2]],
            [0, 0, 0],
            `${name}: template images are black and alpha only`,
          );
        }
      }
      // Windows and Linux get the coloured icons.
      for (const platform of ['win32', 'linux'] as const)
        assert.ok(existsSync(join(REPO, 'assets', trayIconFile(health, platform))));
    }
  });
});
