// What the user does in the dashboard window, shared by the harness tests and `npm run smoke:desktop` (which
// drives the same flow in a real Electron), so both prove the same thing.
import type { Page } from 'playwright-core';

export async function cardOrder(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid^="tier-card-"]', (cards) =>
    cards.map((card) => card.getAttribute('data-testid')?.slice('tier-card-'.length) ?? ''),
  );
}

/** Moves the first tier card below the second with the keyboard (Space, ArrowDown, Space), as a user can. */
export async function moveFirstTierDown(page: Page): Promise<void> {
  const [first, second] = await cardOrder(page);
  if (!first || !second) throw new Error('need two tier cards');
  await page.focus(`[data-testid="drag-${first}"]`);
  await page.keyboard.press('Space');
  await page.waitForSelector(`[data-testid="tier-card-${first}"].dragging`);
  const top = async (name: string) =>
    (await page.locator(`[data-testid="tier-card-${name}"]`).boundingBox())?.y ?? 0;
  // dnd-kit measures the drop targets a frame after pick-up and can drop an arrow press made before that.
  for (let attempt = 0; attempt < 20 && (await top(first)) <= (await top(second)); attempt++)
    await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await page.waitForSelector(`[data-testid="tier-card-${second}"][data-position="1"]`);
}

/** Requests the page made to the core's HTTP control API (the desktop app must use IPC instead). */
export function apiRequests(urls: ReadonlyArray<string>): string[] {
  return urls.filter((url) => {
    try {
      return new URL(url).pathname.startsWith('/api/');
    } catch {
      return false;
    }
  });
}
