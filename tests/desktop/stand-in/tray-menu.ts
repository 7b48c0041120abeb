// `Tray`, `Menu`, `MenuItem` and `nativeImage`. The tray reports every change as a snapshot (image, tooltip,
// title, attached menu); the harness clicks the icon or a menu item by path, and a click runs the app's real
// handler, with a checkbox toggled first as Electron does.
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { onHarnessCall, record } from './link.ts';
import type { MenuItemSnapshot, MenuSnapshot } from './protocol.ts';
import { displaySetup } from './screen.ts';
import { BrowserWindowStandIn } from './windows.ts';

// ---- nativeImage ----

/** Width and height from a PNG's IHDR chunk; undefined when the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = '89504e470d0a1a0a';
  if (bytes.length < 24 || bytes.subarray(0, 8).toString('hex') !== signature) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export type NativeImageKeys =
  | 'isEmpty'
  | 'getSize'
  | 'isTemplateImage'
  | 'setTemplateImage'
  | 'toPNG'
  | 'getScaleFactors';

export class NativeImageStandIn implements Pick<Electron.NativeImage, NativeImageKeys> {
  readonly path: string | undefined;
  #bytes: Buffer;
  #size: { width: number; height: number } | undefined;
  #template: boolean;
  #scaleFactors: number[];

  constructor(bytes: Buffer, path?: string) {
    this.path = path;
    this.#bytes = bytes;
    this.#size = pngSize(bytes);
    // Electron's createFromPath marks files named *Template.png (and *Template@2x.png) as template images.
    this.#template = path !== undefined && /Template(@\dx)?$/.test(basename(path, extname(path)));
    const retina = path?.replace(/(\.[^.]+)$/, '@2x$1');
    this.#scaleFactors = retina && existsSync(retina) ? [1, 2] : [1];
  }
  isEmpty(): boolean {
    return this.#size === undefined;
  }
  getSize(_scaleFactor?: number): Electron.Size {
    return this.#size ? { ...this.#size } : { width: 0, height: 0 };
  }
  isTemplateImage(): boolean {
    return this.#template;
  }
  setTemplateImage(option: boolean): void {
    this.#template = option;
  }
  toPNG(_options?: Electron.ToPNGOptions): Buffer {
    return this.isEmpty() ? Buffer.alloc(0) : Buffer.from(this.#bytes);
  }
  getScaleFactors(): number[] {
    return [...this.#scaleFactors];
  }
  snapshot() {
    return {
      ...(this.path ? { path: this.path } : {}),
      empty: this.isEmpty(),
      template: this.#template,
      ...this.getSize(),
    };
  }
}

export const nativeImage = {
  createFromPath(path: string): NativeImageStandIn {
    let bytes = Buffer.alloc(0);
    try {
      bytes = readFileSync(path);
    } catch {
      // A missing file gives an empty image, not an error, as in Electron.
    }
    return new NativeImageStandIn(bytes, path);
  },
  createFromBuffer(buffer: Buffer, _options?: Electron.CreateFromBufferOptions): NativeImageStandIn {
    return new NativeImageStandIn(buffer);
  },
  createEmpty(): NativeImageStandIn {
    return new NativeImageStandIn(Buffer.alloc(0));
  },
};

function asImage(image: Electron.NativeImage | NativeImageStandIn | string): NativeImageStandIn {
  if (typeof image === 'string') return nativeImage.createFromPath(image);
  if (image instanceof NativeImageStandIn) return image;
  throw new TypeError('not an image made by this nativeImage');
}

// ---- Menu ----

let nextMenuId = 1;
const menus = new Map<number, MenuStandIn>();

export type MenuItemKeys =
  | 'label'
  | 'type'
  | 'enabled'
  | 'checked'
  | 'visible'
  | 'id'
  | 'sublabel'
  | 'toolTip'
  | 'role';

export class MenuItemStandIn implements Pick<Electron.MenuItem, MenuItemKeys> {
  label: string;
  type: Electron.MenuItem['type'];
  enabled: boolean;
  checked: boolean;
  visible: boolean;
  id: string;
  sublabel: string;
  toolTip: string;
  role?: Electron.MenuItem['role'];
  submenu?: MenuStandIn;
  menu: MenuStandIn | undefined;
  #onClick: Electron.MenuItemConstructorOptions['click'];

  constructor(options: Electron.MenuItemConstructorOptions) {
    const submenu =
      options.submenu instanceof MenuStandIn
        ? options.submenu
        : Array.isArray(options.submenu)
          ? MenuStandIn.buildFromTemplate(options.submenu)
          : undefined;
    this.type = options.type ?? (submenu ? 'submenu' : 'normal');
    this.label = options.label ?? '';
    this.enabled = options.enabled ?? true;
    this.checked = options.checked ?? false;
    this.visible = options.visible ?? true;
    this.id = options.id ?? '';
    this.sublabel = options.sublabel ?? '';
    this.toolTip = options.toolTip ?? '';
    if (options.role) this.role = options.role as Electron.MenuItem['role'];
    if (submenu) this.submenu = submenu;
    this.#onClick = options.click;
  }

  /** What Electron does when the user picks the item. */
  click(): void {
    if (!this.enabled || !this.visible) return;
    if (this.type === 'checkbox') this.checked = !this.checked;
    if (this.type === 'radio') {
      for (const sibling of this.menu?.items ?? []) if (sibling.type === 'radio') sibling.checked = false;
      this.checked = true;
    }
    const focused = BrowserWindowStandIn.getFocusedWindow() ?? undefined;
    const keyboard = {
      shiftKey: false,
      ctrlKey: false,
      altKey: false,
      metaKey: false,
      triggeredByAccelerator: false,
    };
    // The app's handler is typed against Electron's MenuItem; ours is the part of it the harness models.
    this.#onClick?.(
      this as unknown as Electron.MenuItem,
      focused as unknown as Electron.BaseWindow,
      keyboard,
    );
  }

  snapshot(): MenuItemSnapshot {
    return {
      label: this.label,
      type: this.type,
      enabled: this.enabled,
      checked: this.checked,
      visible: this.visible,
      clickable: this.#onClick !== undefined || this.role !== undefined,
      ...(this.submenu ? { submenu: this.submenu.snapshot().items } : {}),
    };
  }
}

export type MenuKeys = 'closePopup';

export class MenuStandIn extends EventEmitter implements Pick<Electron.Menu, MenuKeys> {
  readonly menuId = nextMenuId++;
  readonly items: MenuItemStandIn[] = [];

  constructor() {
    super();
    menus.set(this.menuId, this);
  }
  static buildFromTemplate(
    template: Array<Electron.MenuItemConstructorOptions | MenuItemStandIn>,
  ): MenuStandIn {
    const menu = new MenuStandIn();
    for (const entry of template)
      menu.append(entry instanceof MenuItemStandIn ? entry : new MenuItemStandIn(entry));
    return menu;
  }
  static setApplicationMenu(_menu: MenuStandIn | null): void {}
  append(item: MenuItemStandIn): void {
    item.menu = this;
    this.items.push(item);
  }
  insert(position: number, item: MenuItemStandIn): void {
    item.menu = this;
    this.items.splice(position, 0, item);
  }
  getMenuItemById(id: string): MenuItemStandIn | null {
    for (const item of this.items) {
      if (item.id === id) return item;
      const inner = item.submenu?.getMenuItemById(id);
      if (inner) return inner;
    }
    return null;
  }
  popup(_options?: Electron.PopupOptions): void {
    record({ kind: 'tray-popup', trayId: 0, menu: this.snapshot() });
  }
  closePopup(_window?: Electron.BaseWindow): void {}
  snapshot(): MenuSnapshot {
    return { menuId: this.menuId, items: this.items.map((item) => item.snapshot()) };
  }
}

onHarnessCall('menu-click', ({ menuId, path }) => {
  let menu = menus.get(menuId);
  let item: MenuItemStandIn | undefined;
  for (const index of path) {
    item = menu?.items[index];
    menu = item?.submenu;
  }
  if (!item) throw new Error(`menu ${menuId} has no item at ${path.join('.')}`);
  if (!item.enabled) throw new Error(`menu item "${item.label}" is disabled`);
  item.click();
});

// ---- Tray ----

let nextTrayId = 1;
const trays = new Map<number, TrayStandIn>();

export type TrayKeys =
  | 'setToolTip'
  | 'setTitle'
  | 'getTitle'
  | 'getBounds'
  | 'destroy'
  | 'isDestroyed'
  | 'setIgnoreDoubleClickEvents'
  | 'getIgnoreDoubleClickEvents'
  | 'closeContextMenu'
  | 'focus';

export class TrayStandIn extends EventEmitter implements Pick<Electron.Tray, TrayKeys> {
  readonly trayId = nextTrayId++;
  #image: NativeImageStandIn;
  #tooltip = '';
  #title = '';
  #menu: MenuStandIn | null = null;
  #destroyed = false;
  #ignoreDouble = false;

  constructor(image: Electron.NativeImage | NativeImageStandIn | string, _guid?: string) {
    super();
    this.#image = asImage(image);
    trays.set(this.trayId, this);
    this.#snapshot();
  }
  setImage(image: Electron.NativeImage | NativeImageStandIn | string): void {
    this.#image = asImage(image);
    this.#snapshot();
  }
  setToolTip(toolTip: string): void {
    this.#tooltip = toolTip;
    this.#snapshot();
  }
  setTitle(title: string, _options?: Electron.TitleOptions): void {
    this.#title = title;
    this.#snapshot();
  }
  getTitle(): string {
    return this.#title;
  }
  setContextMenu(menu: MenuStandIn | null): void {
    this.#menu = menu;
    this.#snapshot();
  }
  popUpContextMenu(menu?: MenuStandIn, _position?: Electron.Point): void {
    const shown = menu ?? this.#menu;
    if (shown) record({ kind: 'tray-popup', trayId: this.trayId, menu: shown.snapshot() });
  }
  closeContextMenu(): void {}
  getBounds(): Electron.Rectangle {
    return { ...displaySetup().trayBounds };
  }
  focus(): void {}
  setIgnoreDoubleClickEvents(ignore: boolean): void {
    this.#ignoreDouble = ignore;
  }
  getIgnoreDoubleClickEvents(): boolean {
    return this.#ignoreDouble;
  }
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    trays.delete(this.trayId);
    this.#snapshot();
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  #snapshot(): void {
    record({
      kind: 'tray',
      tray: {
        trayId: this.trayId,
        image: this.#image.snapshot(),
        tooltip: this.#tooltip,
        title: this.#title,
        contextMenu: this.#menu?.snapshot() ?? null,
        destroyed: this.#destroyed,
      },
    });
  }
}

onHarnessCall('tray-event', ({ name }) => {
  const tray = [...trays.values()].at(-1);
  if (!tray) throw new Error('the app has no tray icon');
  const keyboard = { shiftKey: false, ctrlKey: false, altKey: false, metaKey: false };
  tray.emit(name, keyboard, tray.getBounds(), displaySetup().cursor);
});
