import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { DemoRole } from '../../src/demo/demo-platform';
import { startBrowserTool, type BrowserTool } from '../support/browser';
import { DEMO_MODULE, launchInWindow, openInSession, seedDemoCourse } from '../support/demo-data';
import { saveScreenshot, SCREENSHOT_DIR } from '../support/screenshots';

// The README's screenshots, refreshed by `npm run screenshots` (not part of `npm test`: its name does not end in
// .test.ts). The demo course with a year of a learner's records, in Thai, on a 1366 px desktop: learner home,
// a module page, progress, instructor home, the module library. PNG, at most 2,000 px tall (the page budget), quantised to 256
// colours with ImageMagick when `convert` is installed (a quarter of the size, no visible change on a UI).
const OUT = path.resolve(process.env.README_SCREENSHOT_DIR || path.join(SCREENSHOT_DIR, 'readme'));
const MAX_HEIGHT = 2000;

let tool: BrowserTool;

beforeAll(async () => {
  tool = await startBrowserTool();
  await seedDemoCourse(tool);
}, 120_000);

afterAll(async () => {
  await tool?.close();
});

const hasConvert = () => {
  try {
    execFileSync('convert', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

async function shoot(page: Page, name: string): Promise<void> {
  const file = path.join(OUT, `${name}.png`);
  fs.mkdirSync(OUT, { recursive: true });
  const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
  // A taller page is shown down to the budget: a viewport that tall, not the whole page.
  if (height > MAX_HEIGHT) {
    await page.setViewportSize({ width: 1366, height: MAX_HEIGHT });
    await page.screenshot({ path: file });
  } else await saveScreenshot(page, name, { type: 'png', dir: OUT });
  if (hasConvert()) execFileSync('convert', [file, '-strip', '-colors', '256', `PNG8:${file}`]);
  process.stdout.write(`${file}: ${height} px tall, ${Math.round(fs.statSync(file).size / 1024)} kB\n`);
}

async function open(role: DemoRole, pathname?: string): Promise<Page> {
  const context = await tool.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await launchInWindow(context, tool.base, role, 'th');
  if (pathname) await openInSession(page, tool.base, pathname);
  return page;
}

describe('README screenshots', () => {
  it('saves learner home, module page, progress, instructor home and the module library', async () => {
    await shoot(await open('learner'), 'learner-home');
    await shoot(await open('learner', `/app/modules/${DEMO_MODULE}/pages/1`), 'module-page');
    await shoot(await open('learner', '/app/progress'), 'progress');
    await shoot(await open('instructor'), 'instructor-home');
    await shoot(await open('learner', '/app/modules'), 'module-library');
    // The folder holds other screenshots too (the README's certificate, the verified badge): these five are there.
    expect(fs.readdirSync(OUT)).toEqual(
      expect.arrayContaining(
        ['learner-home', 'module-page', 'progress', 'instructor-home', 'module-library'].map(
          (n) => `${n}.png`,
        ),
      ),
    );
  }, 120_000);
});
