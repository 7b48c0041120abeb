// `npm run screenshots`: renders every dashboard view from a seeded demo ledger (scripts/screenshots-demo.ts) in
// light and dark, English and Simplified Chinese, wide (1280×800) and narrow (420×700, the tray popover), into
// artifacts/screenshots/. `--readme` also refreshes the few images README.md shows, under docs/images/.
// Needs the built dashboard (`npm run screenshots` builds it first) and Chromium at /usr/bin/chromium.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  DASHBOARD_DIR,
  DASHBOARD_VIEWS,
  SCREENSHOTS as OUT,
} from '../tests/e2e/dashboard-browser.ts';
import { startDemo } from './screenshots-demo.ts';

const README_IMAGES = fileURLToPath(new URL('../docs/images/', import.meta.url));

const SIZES = {
  wide: { width: 1280, height: 800, query: '' },
  narrow: { width: 420, height: 700, query: '?compact=1' },
} as const;
const THEMES = ['light', 'dark'] as const;
const LANGUAGES = ['en', 'zh-CN'] as const;


const README_SHOTS: Record<string, { view: string; size: keyof typeof SIZES }> = {
  'board.png': { view: 'tiers', size: 'wide' },
  'spend.png': { view: 'spend', size: 'wide' },
  'popover.png': { view: 'tiers', size: 'narrow' },
};
/** The vendor form (opened on a preset vendor) for README's vendor editing section. */
const README_VENDOR_FORM = 'vendor-form.png';

async function openPage(
  browser: Browser,
  url: string,
  token: string,
  size: keyof typeof SIZES,
  theme: string,
  language: string,
): Promise<Page> {
  const { width, height, query } = SIZES[size];
  const page = await browser.newPage({ viewport: { width, height }, locale: language, deviceScaleFactor: 1 });
  const prefs = JSON.stringify({ theme, language, spendMetric: 'tokens' });
  await page.addInitScript(`localStorage.setItem('coding-proxy.ui', ${JSON.stringify(prefs)})`);
  await page.goto(`${url}/${query}#token=${token}`);
  await page.waitForSelector('[data-testid="connection"][data-state="open"]');
  return page;
}

async function main(): Promise<void> {
  const readme = process.argv.includes('--readme');
  if (!existsSync(join(DASHBOARD_DIR, 'index.html')))
    throw new Error(`${DASHBOARD_DIR}/index.html is missing: run \`npx vite build\` first`);
  mkdirSync(OUT, { recursive: true });
  if (readme) mkdirSync(README_IMAGES, { recursive: true });
  const demo = await startDemo();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  let written = 0;
  try {
    for (const size of Object.keys(SIZES) as Array<keyof typeof SIZES>) {
      for (const theme of THEMES) {
        for (const language of LANGUAGES) {
          const page = await openPage(browser, demo.url, demo.core.controlToken, size, theme, language);
          for (const view of DASHBOARD_VIEWS) {
            await page.click(`[data-testid="nav-${view.id}"]`);
            await page.waitForSelector(view.ready);
            const name = `${view.id}-${theme}-${language}-${size}`;
            await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
            written++;
            if (readme && theme === 'light' && language === 'en') {
              for (const [file, shot] of Object.entries(README_SHOTS))
                if (shot.view === view.id && shot.size === size)
                  await page.screenshot({ path: join(README_IMAGES, file) });
            }
            if (view.id === 'vendors') {
              await page.click('[data-testid="edit-zhipu"]');
              await page.waitForSelector('[data-testid="vendor-form"] [data-testid="family-defaults"]');
              await page.screenshot({ path: join(OUT, `vendor-form-${theme}-${language}-${size}.png`) });
              written++;
              if (readme && theme === 'light' && language === 'en' && size === 'wide')
                await page.screenshot({ path: join(README_IMAGES, README_VENDOR_FORM) });
              await page.click('[data-testid="vendor-form"] button:not([type="submit"]) >> nth=-1');
            }
            if (view.id === 'requests') {
              await page.click('[data-testid="request-row"]:has([data-testid="status-pill"]:text-is("200"))');
              await page.waitForSelector('[data-testid="request-drawer"]');
              await page.screenshot({ path: join(OUT, `request-detail-${theme}-${language}-${size}.png`) });
              written++;
              await page.click('[data-testid="drawer-close"]');
            }
          }
          await page.close();
        }
      }
    }
  } finally {
    await browser.close();
    await demo.close();
  }
  console.log(`${written} screenshots of ${demo.requests} demo requests in ${OUT}`);
  if (readme) console.log(`README images in ${README_IMAGES}`);
}

await main();
