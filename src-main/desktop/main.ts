// The tray app: the same core the CLI runs (`startCore`), configured from electron-store, with a tray, a
// dashboard window over IPC, notifications and launch at login. Glue only: every decision is in a tested module.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { app, clipboard, dialog, ipcMain, Notification, safeStorage, session, shell } from 'electron';
import Store from 'electron-store';
import { appPaths } from '../core/app-paths.ts';
import { defaultDataDir } from '../core/config/data-dir.ts';
import { DEFAULT_CONFIG_YAML } from '../core/config/default-config.ts';
import { type RunningCore, startCore } from '../core/start-core.ts';
import { APP_ID } from './app-identity.ts';
import { planTrayClicks } from './click-behaviour.ts';
import { createElectronConfigStore, PROXY_CONFIG_KEY } from './config-store-electron.ts';
import {
  firstRunImportCandidates,
  type ImportResult,
  importConfigFile,
  importConfigText,
} from './import-config.ts';
import { registerIpcTransport } from './ipc-transport.ts';
import { linuxAutostartFile, loginItemSettings, startedHidden } from './login-item.ts';
import { createNotificationPolicy, type DesktopNotification } from './notification-policy.ts';
import { createPopover } from './popover.ts';
import { openSecretKeepingConfigStore } from './secret-keeping-config-store.ts';
import { createSafeStorageSecretStore } from './secret-store-safe-storage.ts';
import { checkProxyConfig, type DesktopSettings, migrateStore } from './settings-migrations.ts';
import { createAppTray, type TrayCommand } from './tray.ts';
import { baseUrlExport, buildTrayModel, type TodayUsage, todayUsageFrom } from './tray-model.ts';
import { createDashboardWindows, installContentSecurityPolicy, installPermissionPolicy } from './windows.ts';

// One resolver for every layout (dev run, dist-electron, packaged asar); see app-paths.ts.
const APP = appPaths(app.getAppPath());
const APP_ROOT = APP.root;
const ASSETS = APP.assetsDir;

let quitting = false;
let shutDown = false;
let core: RunningCore | undefined;
let problem: string | undefined;
let stopping = false;
const disposers: Array<() => void> = [];

// Windows ties notifications (their title, their click) to the AppUserModelID the installer gave the shortcut.
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A failure anywhere in start-up must end in a message and an exit: Electron survives an unhandled rejection,
  // which would leave an app with no tray, no window and the single-instance lock held.
  app
    .whenReady()
    .then(main)
    .catch((error: unknown) => fail(error));
}

function fail(error: unknown): void {
  dialog.showErrorBox('coding-proxy could not start', (error as Error)?.message ?? String(error));
  app.exit(1);
}

function seedProxyConfig(dataDir: string): ImportResult {
  for (const path of firstRunImportCandidates(dataDir, homedir())) {
    if (!existsSync(path)) continue;
    const imported = importConfigFile(path);
    if (imported.ok) return imported;
  }
  return importConfigText(DEFAULT_CONFIG_YAML, 'config.yaml');
}

async function main(): Promise<void> {
  const dataDir = defaultDataDir();
  mkdirSync(dataDir, { recursive: true });
  const store = new Store<Record<string, unknown>>({ cwd: dataDir, name: 'desktop' });
  const migrated = migrateStore(store.store);
  if (!migrated.ok) {
    // Never overwrite settings a newer app wrote.
    dialog.showErrorBox('coding-proxy settings', migrated.problem);
    app.exit(1);
    return;
  }
  let settings: DesktopSettings = migrated.data.desktop;
  if (migrated.changed) {
    store.set('settingsVersion', migrated.data.settingsVersion);
    store.set('desktop', settings);
  }
  const saveSettings = (next: DesktopSettings) => {
    settings = next;
    store.set('desktop', next);
  };
  if (!migrated.data.proxy) {
    const seeded = seedProxyConfig(dataDir);
    if (seeded.ok) store.set(PROXY_CONFIG_KEY, seeded.raw);
  }

  const secrets = createSafeStorageSecretStore({ safeStorage, store, platform: process.platform });
  // API keys and tokens live in the keychain; desktop.json keeps references (see secret-keeping-config-store.ts).
  const configStore = await openSecretKeepingConfigStore(createElectronConfigStore(store), secrets);
  const checked = checkProxyConfig(configStore.get([]));
  if (checked.ok) {
    const config = checked.config;
    const { dashboardDir } = APP;
    try {
      // The same core as the CLI's `start`: it opens the usage ledger, prices and seeds quotas itself.
      core = await startCore({
        config,
        configStore,
        dataDir,
        secrets,
        // `keychain:` references in secret fields resolve only for the forwarders, never for control answers.
        secretResolver: { env: process.env, keychain: (key) => configStore.lookup(key) },
        ...(dashboardDir ? { dashboardDir } : {}),
      });
    } catch (error) {
      problem = (error as Error).message;
    }
  } else {
    problem = `the configuration is invalid: ${checked.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`;
  }

  const origin = () => (core ? { httpOrigin: core.url } : {});
  installContentSecurityPolicy(session.defaultSession, origin);
  installPermissionPolicy(session.defaultSession, origin);
  const preloadPath = join(APP_ROOT, 'dist-electron', 'preload.cjs');
  const dashboardUrl = () => (core ? `${core.url}/` : undefined);
  const windows = createDashboardWindows({
    preloadPath,
    iconPath: join(ASSETS, 'icon.png'),
    dashboardUrl,
    origin,
    closeToTray: () => settings.closeToTray,
    isQuitting: () => quitting,
    dock: app.dock,
  });
  const popover = createPopover({ preloadPath, dashboardUrl, origin });
  const openDashboard = () => {
    popover.hide();
    windows.show();
  };
  disposers.push(
    () => windows.close(),
    () => popover.close(),
  );
  app.on('second-instance', openDashboard);
  // macOS: the Dock icon (shown while the window is open) or a launch from Finder.
  app.on('activate', openDashboard);
  // Stay in the tray when the last window closes.
  app.on('window-all-closed', () => {});

  const applyLaunchAtLogin = (openAtLogin: boolean) => {
    const itemSettings = loginItemSettings({
      platform: process.platform,
      openAtLogin,
      execPath: process.execPath,
    });
    if (itemSettings) {
      app.setLoginItemSettings(itemSettings);
      return;
    }
    const file = linuxAutostartFile({
      execPath: process.env.APPIMAGE ?? process.execPath,
      home: homedir(),
      ...(process.env.XDG_CONFIG_HOME ? { xdgConfigHome: process.env.XDG_CONFIG_HOME } : {}),
    });
    if (openAtLogin) {
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.contents);
    } else rmSync(file.path, { force: true });
  };

  let today: TodayUsage | null = null;
  /** Set once the notification policy exists (only while the core runs). */
  let notificationSettingsChanged: (() => void) | undefined;
  const plan = () => planTrayClicks(process.platform, settings.clickBehaviour);
  const tray = createAppTray({
    assetsDir: ASSETS,
    plan,
    run: (command) => void runTrayCommand(command),
    openDashboard,
    togglePopover: (bounds) => popover.toggle(bounds),
  });
  disposers.push(() => tray.destroy());

  const refreshTray = async () => {
    const status = core ? await core.handlers.status({}) : null;
    if (core?.context.usage) {
      try {
        today = todayUsageFrom(await core.handlers.usageSummary({ range: '24h' }), Date.now());
      } catch {
        today = null;
      }
    }
    const model = buildTrayModel({
      status,
      ...(problem ? { problem } : {}),
      today,
      platform: process.platform,
      launchAtLogin: settings.launchAtLogin,
      notificationsSilenced: settings.notifications.silenced,
      now: Date.now(),
    });
    tray.render(model);
  };
  let refreshQueued: NodeJS.Timeout | undefined;
  const scheduleRefresh = () => {
    // Coalesce bursts of events (a failover emits several) into one redraw.
    if (refreshQueued) return;
    refreshQueued = setTimeout(() => {
      refreshQueued = undefined;
      void refreshTray();
    }, 500);
  };
  const periodic = setInterval(() => void refreshTray(), 30_000);
  disposers.push(
    () => clearInterval(periodic),
    () => clearTimeout(refreshQueued),
  );

  async function runTrayCommand(command: TrayCommand): Promise<void> {
    switch (command.action) {
      case 'reset-breakers':
        await core?.handlers.reset({});
        break;
      case 'prefer-tier':
        await core?.handlers.reset({ tiers: [command.tier] });
        break;
      case 'copy-base-url':
        if (core) clipboard.writeText(baseUrlExport(core.url));
        break;
      case 'open-dashboard':
        openDashboard();
        break;
      case 'open-log':
        if (core?.context.logs) void shell.openPath(core.context.logs.path);
        break;
      case 'toggle-launch-at-login':
        saveSettings({ ...settings, launchAtLogin: !settings.launchAtLogin });
        applyLaunchAtLogin(settings.launchAtLogin);
        break;
      case 'toggle-notifications': {
        const notifications = { ...settings.notifications, silenced: !settings.notifications.silenced };
        saveSettings({ ...settings, notifications });
        notificationSettingsChanged?.();
        break;
      }
      case 'import-config': {
        const picked = await dialog.showOpenDialog({
          title: 'Import a coding-proxy configuration',
          properties: ['openFile'],
          filters: [{ name: 'Configuration', extensions: ['yaml', 'yml', 'json'] }],
        });
        const path = picked.filePaths[0];
        if (picked.canceled || !path) break;
        const imported = importConfigFile(path);
        if (!imported.ok) {
          dialog.showErrorBox(
            'This configuration cannot be imported',
            imported.problems.map((p) => `${p.path}: ${p.message}`).join('\n'),
          );
          break;
        }
        // Secrets in the file go to the keychain; the new server/tier setup takes effect on a clean restart.
        configStore.set([], imported.raw);
        app.relaunch();
        app.quit();
        return;
      }
      case 'quit':
        app.quit();
        return;
    }
    await refreshTray();
  }

  if (core) {
    const running = core;
    const transport = registerIpcTransport({
      ipcMain,
      handlers: running.handlers,
      context: running.context,
      allowedOrigin: origin,
      targets: () => [...windows.webContents(), ...popover.webContents()],
    });
    disposers.push(() => transport.dispose());

    const policySettings = () => ({
      silenced: settings.notifications.silenced,
      holdMs: settings.notifications.holdSeconds * 1000,
      repeatAfterMs: settings.notifications.repeatAfterMinutes * 60_000,
      quotaWarnPercents: settings.notifications.quotaWarnPercents,
    });
    const policy = createNotificationPolicy({
      initial: await running.handlers.status({}),
      now: Date.now,
      settings: policySettings(),
    });
    notificationSettingsChanged = () => policy.updateSettings(policySettings());
    let notificationTimer: NodeJS.Timeout | undefined;
    const show = (notices: DesktopNotification[]) => {
      if (Notification.isSupported()) {
        for (const notice of notices) {
          const notification = new Notification({ title: notice.title, body: notice.body });
          notification.on('click', openDashboard);
          notification.show();
        }
      }
      clearTimeout(notificationTimer);
      const due = policy.nextDueAt();
      if (due !== undefined)
        notificationTimer = setTimeout(() => show(policy.tick()), Math.max(0, due - Date.now()));
    };
    const unsubscribe = running.context.events.on((event) => {
      show(policy.handle(event));
      scheduleRefresh();
    });
    disposers.push(unsubscribe, () => clearTimeout(notificationTimer));
  } else if (Notification.isSupported()) {
    new Notification({ title: 'coding-proxy is not running', body: problem ?? 'unknown problem' }).show();
  }

  await refreshTray();
  const hidden = startedHidden(
    process.argv,
    process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
  );
  if (!hidden) windows.show();
  // macOS: a menu-bar app has no Dock icon until a window opens (Info.plist's LSUIElement does this for the
  // packaged app; `electron .` starts with one).
  else app.dock?.hide();
}

// Graceful quit: stop taking requests, let in-flight ones finish (bounded by drainTimeoutMs); the core closes the
// ledger. A second quit while draining (Cmd+Q again, the OS logging out) waits for the first.
app.on('before-quit', (event) => {
  quitting = true;
  if (shutDown) return;
  event.preventDefault();
  if (stopping) return;
  stopping = true;
  void (async () => {
    try {
      for (const dispose of disposers.reverse()) dispose();
      await core?.close();
    } catch (error) {
      console.error(`error while stopping: ${(error as Error).message}`);
    } finally {
      shutDown = true;
      app.quit();
    }
  })();
});
