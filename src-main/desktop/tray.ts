// Turns the plain tray model into Electron's Tray and Menu. No decisions here (see tray-model.ts and
// click-behaviour.ts); only calls.
import { join } from 'node:path';
import { Menu, type MenuItemConstructorOptions, nativeImage, type Rectangle, Tray } from 'electron';
import { clickAction, type TrayButton, type TrayClickPlan } from './click-behaviour.ts';
import { type TrayAction, type TrayMenuItem, type TrayModel, trayIconFile } from './tray-model.ts';

export type TrayCommand = { action: TrayAction } | { action: 'prefer-tier'; tier: string };

export function menuTemplate(
  items: ReadonlyArray<TrayMenuItem>,
  run: (command: TrayCommand) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'label') return { label: item.label, enabled: false };
    if (item.type === 'separator') return { type: 'separator' };
    if (item.type === 'tier') {
      const command: TrayCommand = { action: 'prefer-tier', tier: item.tier };
      return { type: 'checkbox', label: item.label, checked: item.checked, click: () => run(command) };
    }
    const click = () => run({ action: item.action });
    if (item.type === 'toggle') {
      return { type: 'checkbox', label: item.label, checked: item.checked, enabled: item.enabled, click };
    }
    return { label: item.label, enabled: item.enabled, click };
  });
}

export interface AppTray {
  render(model: TrayModel): void;
  /** Where the icon is, as far as the OS says (an empty rectangle on Linux). */
  bounds(): Rectangle;
  destroy(): void;
}

export function createAppTray(options: {
  assetsDir: string;
  plan: () => TrayClickPlan;
  run: (command: TrayCommand) => void;
  openDashboard: () => void;
  /** `bounds`: the icon's, from the click event (empty on Linux). */
  togglePopover: (bounds: Rectangle) => void;
}): AppTray {
  const image = (file: string) => nativeImage.createFromPath(join(options.assetsDir, file));
  // Until the first render: the "down" icon in this platform's style (template images only on macOS).
  const tray = new Tray(image(trayIconFile('down', process.platform)));
  let menu = Menu.buildFromTemplate([]);
  const onButton = (button: TrayButton, bounds: Rectangle) => {
    const target = clickAction(options.plan(), button);
    if (target === 'dashboard') options.openDashboard();
    if (target === 'popover') options.togglePopover(bounds);
    if (target === 'menu') tray.popUpContextMenu(menu);
  };
  tray.on('click', (_event, bounds) => onButton('left', bounds));
  tray.on('right-click', (_event, bounds) => onButton('right', bounds));
  tray.on('double-click', (_event, bounds) => onButton('double', bounds));
  return {
    render(model) {
      tray.setImage(image(model.icon));
      tray.setToolTip(model.tooltip);
      if (process.platform === 'darwin') tray.setTitle(model.title);
      menu = Menu.buildFromTemplate(menuTemplate(model.menu, options.run));
      // Without an attached menu (Windows, or macOS with a click that opens the popover) we pop it up on right click.
      tray.setContextMenu(options.plan().attachContextMenu ? menu : null);
    },
    bounds() {
      return tray.getBounds();
    },
    destroy() {
      tray.destroy();
    },
  };
}
