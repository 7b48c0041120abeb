// Loaded into the REAL Electron main process before the app (`electron -r smoke-desktop-hook.cjs <app>`) by
// scripts/smoke-desktop.ts. Electron has no API to list tray icons or shown notifications, so this records what
// the app asks for (tray image, tooltip, menu; notifications) where the smoke test can read it with
// `electronApp.evaluate`. It changes no behaviour: every call goes through to Electron.
const electron = require('electron');

const state = { image: '', tooltip: '', menu: null, tray: null, notifications: [] };
globalThis.__codingProxySmoke = state;

const imagePaths = new WeakMap();
const createFromPath = electron.nativeImage.createFromPath;
try {
  electron.nativeImage.createFromPath = (path) => {
    const image = createFromPath(path);
    imagePaths.set(image, path);
    return image;
  };
} catch {
  // A read-only module object: image paths stay unknown and the smoke test says so.
}

function wrap(proto, name, record) {
  const original = proto[name];
  proto[name] = function (...args) {
    record.call(this, ...args);
    return original.apply(this, args);
  };
}

wrap(electron.Tray.prototype, 'setImage', function (image) {
  state.tray = this;
  state.image = typeof image === 'string' ? image : (imagePaths.get(image) ?? '(unknown)');
});
wrap(electron.Tray.prototype, 'setToolTip', function (tooltip) {
  state.tray = this;
  state.tooltip = tooltip;
});
// The tray menu as last built (on macOS and Windows it is popped up on demand, not attached).
const buildFromTemplate = electron.Menu.buildFromTemplate;
electron.Menu.buildFromTemplate = (template) => {
  const menu = buildFromTemplate(template);
  if (template.some((item) => typeof item.label === 'string' && item.label.startsWith('Quit '))) state.menu = menu;
  return menu;
};
wrap(electron.Notification.prototype, 'show', function () {
  state.notifications.push({ title: this.title, body: this.body });
});
