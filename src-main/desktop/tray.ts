// Turns the plain tray model into Electron's Tray and Menu. No decisions here (see tray-model.ts and
// click-behaviour.ts); only calls.
import { join } from 'node:path';
import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from 'electron';
import { clickAction, type TrayClickPlan } from './click-behaviour.ts';
import type { TrayAction, TrayMenuItem, TrayModel } from './tray-model.ts';

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
  destroy(): void;
}

export function createAppTray(options: {
  assetsDir: string;
  plan: () => TrayClickPlan;
  run: (command: TrayCommand) => void;
  openDashboard: () => void;
}): AppTray {
  const image = (file: string) => nativeImage.createFromPath(join(options.assetsDir, file));
  const tray = new Tray(image('tray-downTemplate.png'));
  let menu = Menu.buildFromTemplate([]);
  const onButton = (button: 'left' | 'right' | 'double') => {
    const target = clickAction(options.plan(), button);
    if (target === 'dashboard') options.openDashboard();
    if (target === 'menu') tray.popUpContextMenu(menu);
  };
  tray.on('click', () => onButton('left'));
  tray.on('right-click', () => onButton('right'));
  tray.on('double-click', () => onButton('double'));
  return {
    render(model) {
      tray.setImage(image(model.icon));
      tray.setToolTip(model.tooltip);
      if (process.platform === 'darwin') tray.setTitle(model.title);
      menu = Menu.buildFromTemplate(menuTemplate(model.menu, options.run));
      // Without an attached menu (Windows, or macOS set to open the dashboard) we pop it up on right click.
      tray.setContextMenu(options.plan().attachContextMenu ? menu : null);
    },
    destroy() {
      tray.destroy();
    },
  };
}
