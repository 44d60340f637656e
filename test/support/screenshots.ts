import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Where the browser tests save a full-page screenshot of every page they visit: artifacts/screenshots at the
 * repository's root (gitignored; .ci/run keeps it and prints where it is), or SCREENSHOT_DIR.
 */
export const SCREENSHOT_DIR = path.resolve(
  process.env.SCREENSHOT_DIR || path.join(__dirname, '..', '..', 'artifacts', 'screenshots'),
);

/** A file name from free text: lower-case letters, digits and dashes. */
export const fileSafe = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Saves a full-page PNG of the page as `<name>.png` in SCREENSHOT_DIR and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${fileSafe(name)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
