// Builds the dashboard (src-renderer) into dist-renderer/, served by the core over HTTP and loaded by Electron.
// Relative base so the same build works from http://127.0.0.1:<port>/ and from a file:// URL.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist-renderer', import.meta.url)),
    emptyOutDir: true,
    // The CSP forbids inline scripts; keep every module an external file.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
  },
});
