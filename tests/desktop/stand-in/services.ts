// The small services: Notification, safeStorage (AES-256-GCM with the harness's per-run key, so ciphertext is
// real and reversible only with that key), shell, clipboard and dialog. Each records what the app asked for.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { preventable } from './event.ts';
import { onHarnessCall, record } from './link.ts';
import { ENV } from './protocol.ts';

// ---- Notification ----

let nextNotificationId = 1;
const notifications = new Map<number, NotificationStandIn>();

export type NotificationKeys = 'show' | 'close' | 'title' | 'body' | 'silent' | 'subtitle' | 'urgency';

export class NotificationStandIn
  extends EventEmitter
  implements Pick<Electron.Notification, NotificationKeys>
{
  readonly notificationId = nextNotificationId++;
  title: string;
  body: string;
  subtitle: string;
  silent: boolean;
  urgency: Electron.Notification['urgency'];
  #shown = false;
  #closed = false;

  constructor(options: Electron.NotificationConstructorOptions = {}) {
    super();
    this.title = options.title ?? '';
    this.body = options.body ?? '';
    this.subtitle = options.subtitle ?? '';
    this.silent = options.silent ?? false;
    this.urgency = options.urgency ?? 'normal';
    notifications.set(this.notificationId, this);
  }
  static isSupported(): boolean {
    return true;
  }
  show(): void {
    this.#shown = true;
    this.#closed = false;
    this.#record();
    this.emit('show', preventable());
  }
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#record();
    this.emit('close', preventable());
  }
  #record(): void {
    record({
      kind: 'notification',
      notification: {
        notificationId: this.notificationId,
        title: this.title,
        body: this.body,
        silent: this.silent,
        shown: this.#shown,
        closed: this.#closed,
      },
    });
  }
}

onHarnessCall('notification-click', ({ notificationId }) => {
  const notification = notifications.get(notificationId);
  if (!notification) throw new Error(`no notification ${notificationId}`);
  notification.emit('click', preventable());
});

// ---- safeStorage ----

const key = process.env[ENV.safeStorageKey]
  ? Buffer.from(process.env[ENV.safeStorageKey] as string, 'hex')
  : randomBytes(32);

export type SafeStorageKeys =
  | 'isEncryptionAvailable'
  | 'encryptString'
  | 'decryptString'
  | 'getSelectedStorageBackend'
  | 'isAsyncEncryptionAvailable'
  | 'encryptStringAsync';

export const safeStorage = {
  isEncryptionAvailable: () => true,
  isAsyncEncryptionAvailable: () => Promise.resolve(true),
  getSelectedStorageBackend: () => 'gnome_libsecret' as const,
  encryptString(plainText: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    // Same prefix idea as Chromium's OSCrypt ("v10"/"v11"): a version tag, then nonce, tag and ciphertext.
    return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body]);
  },
  encryptStringAsync(plainText: string): Promise<Buffer> {
    return Promise.resolve(safeStorage.encryptString(plainText));
  },
  decryptString(encrypted: Buffer): string {
    if (encrypted.subarray(0, 3).toString() !== 'v11')
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    const iv = encrypted.subarray(3, 15);
    const tag = encrypted.subarray(15, 31);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  },
} satisfies Pick<Electron.SafeStorage, SafeStorageKeys>;

// ---- shell, clipboard, dialog ----

export type ShellKeys = 'openExternal' | 'openPath' | 'showItemInFolder';

export const shell = {
  openExternal(url: string, _options?: Electron.OpenExternalOptions): Promise<void> {
    record({ kind: 'open-external', url });
    return Promise.resolve();
  },
  openPath(path: string): Promise<string> {
    record({ kind: 'open-external', url: path });
    return Promise.resolve('');
  },
  showItemInFolder(fullPath: string): void {
    record({ kind: 'open-external', url: fullPath });
  },
} satisfies Pick<Electron.Shell, ShellKeys>;

let clipboardText = '';

export type ClipboardKeys = 'writeText' | 'readText' | 'clear';

export const clipboard = {
  writeText(text: string): Promise<void> {
    clipboardText = text;
    record({ kind: 'clipboard', text });
    return Promise.resolve();
  },
  readText(): Promise<string> {
    return Promise.resolve(clipboardText);
  },
  clear(): void {
    clipboardText = '';
  },
} satisfies Pick<Electron.Clipboard, ClipboardKeys>;

let openDialogAnswers: Array<{ canceled: boolean; filePaths: string[] }> = [];
onHarnessCall('dialog-answers', ({ openDialog }) => {
  openDialogAnswers = [...openDialog];
});

type DialogWindow = Electron.BaseWindow;

/** Electron's dialog functions take an optional parent window first. */
function withoutWindow<T>(first: DialogWindow | T, second: T | undefined): T {
  return (second ?? first) as T;
}

export type DialogKeys = 'showErrorBox' | 'showOpenDialog' | 'showMessageBox';

export const dialog = {
  showErrorBox(title: string, content: string): void {
    record({ kind: 'dialog', method: 'showErrorBox', options: { title, content } });
  },
  showOpenDialog(
    first: DialogWindow | Electron.OpenDialogOptions,
    second?: Electron.OpenDialogOptions,
  ): Promise<Electron.OpenDialogReturnValue> {
    const options = withoutWindow(first, second);
    record({ kind: 'dialog', method: 'showOpenDialog', options: { ...options } });
    return Promise.resolve(openDialogAnswers.shift() ?? { canceled: true, filePaths: [] });
  },
  showMessageBox(
    first: DialogWindow | Electron.MessageBoxOptions,
    second?: Electron.MessageBoxOptions,
  ): Promise<Electron.MessageBoxReturnValue> {
    const options = withoutWindow(first, second);
    record({ kind: 'dialog', method: 'showMessageBox', options: { ...options } });
    return Promise.resolve({ response: options.cancelId ?? 0, checkboxChecked: false });
  },
} satisfies Pick<Electron.Dialog, DialogKeys>;
