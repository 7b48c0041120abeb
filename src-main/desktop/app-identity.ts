// One name and one id for the app everywhere: electron-builder's appId/productName (checked by
// tests/desktop/packaging-config.test.ts), Windows' AppUserModelID (without which toasts carry no name and click
// handlers are lost), the Linux autostart entry, window titles and the tray tooltip.
export const APP_ID = 'dev.coding-proxy.app';
export const PRODUCT_NAME = 'coding-proxy';
