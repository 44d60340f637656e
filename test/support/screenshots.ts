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

/**
 * Saves a full-page screenshot of the page as `<name>.jpg` in SCREENSHOT_DIR (or `.png` when asked: the README's
 * screenshots) and returns its path. JPEG by default: a few hundred pages are saved per run, and Chromium encodes
 * a tall page as JPEG in a fraction of the time and size of a PNG.
 */
export async function saveScreenshot(
  page: Page,
  name: string,
  options: { type?: 'jpeg' | 'png'; dir?: string } = {},
): Promise<string> {
  const type = options.type ?? 'jpeg';
  const dir = options.dir ?? SCREENSHOT_DIR;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${fileSafe(name)}.${type === 'jpeg' ? 'jpg' : 'png'}`);
  await page.screenshot({ path: file, fullPage: true, type, ...(type === 'jpeg' ? { quality: 80 } : {}) });
  return file;
}
