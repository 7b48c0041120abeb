// Writes src-renderer/public/favicon.ico from favicon.svg: the SVG rendered by Chromium at 16, 32 and 48 px, packed
// as PNG entries of one ICO file (read by every browser and by Windows since Vista). Browsers that do not use the
// SVG link, and tools that just fetch `/favicon.ico`, get the same mark. Run it after changing favicon.svg:
// `node scripts/favicon-ico.ts` (needs Chromium at /usr/bin/chromium).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/dashboard-browser.ts';

const PUBLIC = new URL('../src-renderer/public/', import.meta.url);
const SIZES = [16, 32, 48];

/** ICONDIR, one ICONDIRENTRY per image, then the PNGs (ICO's PNG form: width/height 0 would mean 256). */
function packIco(images: ReadonlyArray<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

const svg = readFileSync(new URL('favicon.svg', PUBLIC)).toString('base64');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const images: Array<{ size: number; png: Buffer }> = [];
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}</style><img width="${size}" height="${size}" src="data:image/svg+xml;base64,${svg}">`,
    );
    await page.waitForFunction('document.images[0]?.complete');
    images.push({ size, png: await page.screenshot({ omitBackground: true }) });
    await page.close();
  }
  const target = fileURLToPath(new URL('favicon.ico', PUBLIC));
  writeFileSync(target, packIco(images));
  console.log(`wrote ${target} (${SIZES.join(', ')} px)`);
} finally {
  await browser.close();
}
