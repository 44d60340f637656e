import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from '../support/axe';
import { startBrowserTool, type BrowserTool } from '../support/browser';

// The Deep Linking picker as an instructor sees it from the demo LMS's "Select content" (in a window of its own):
// one module a line, "Add to course" with nothing ticked bringing the picker back with its problem, "Cancel"
// closing the dialog with nothing placed; and the demo page's frame taking the height the tool's page asks for.
let tool: BrowserTool;
let browser: Browser;
let base: string;
const SHOTS = '/tmp/h10dl';

beforeAll(async () => {
  tool = await startBrowserTool();
  ({ base, browser } = tool);
  fs.mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await tool?.close();
});

const TEXT = {
  th: {
    title: 'เลือกบทเรียนสำหรับรายวิชาของคุณ',
    add: 'เพิ่มลงในรายวิชา',
    cancel: 'ยกเลิก',
    problem: 'บทเรียนที่จะเพิ่ม: เลือกอย่างน้อยหนึ่งบท',
  },
  en: {
    title: 'Choose modules for your course',
    add: 'Add to course',
    cancel: 'Cancel',
    problem: 'Modules to add: tick at least one module',
  },
} as const;

/** "Select content" in a new window from the demo page: the demo page and the picker's window. */
async function openPicker(lang: 'th' | 'en'): Promise<{ page: Page; popup: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/demo?lang=${lang}`);
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    page.getByTestId('select-content-window').click(),
  ]);
  await popup.setViewportSize({ width: 1366, height: 900 });
  await popup.getByRole('heading', { name: TEXT[lang].title }).waitFor({ timeout: 15_000 });
  return { page, popup, close: () => context.close() };
}

/** The top of each module's line in the picker, in page order. */
const tops = (page: Page) =>
  page
    .locator('[data-module]')
    .evaluateAll((rows) => rows.map((r) => Math.round(r.getBoundingClientRect().top)));

const overflow = (page: Page) => page.locator('body').evaluate((b) => b.scrollWidth - b.clientWidth);

describe('the Deep Linking picker, in Chromium', () => {
  it.each(['th', 'en'] as const)(
    'when "Add to course" is pressed with nothing ticked (%s), then the picker comes back with its problem, one module a line, and "Cancel" closes the dialog with nothing placed',
    async (lang) => {
      const { page, popup, close } = await openPicker(lang);
      const placedBefore = tool.app.demo!.course.activities().length;

      // One module a line at 1366 px: every module starts below the one before it.
      const first = await tops(popup);
      expect(first.length).toBeGreaterThan(10);
      for (let i = 1; i < first.length; i += 1) expect(first[i]!).toBeGreaterThan(first[i - 1]!);

      // Filtered to Digital Governance, then "Add to course" with nothing ticked.
      await popup.locator('#dl-skill-set').selectOption('DG');
      await popup.getByRole('button', { name: lang === 'th' ? 'กรอง' : 'Filter' }).click();
      await popup.waitForURL(/skillSet=DG/);
      const filtered = await popup.locator('[data-module]').count();
      await popup.getByRole('button', { name: TEXT[lang].add }).click();
      const summary = popup.getByTestId('error-summary');
      await summary.waitFor();
      await expect(summary.textContent()).resolves.toContain(TEXT[lang].problem);
      expect(await popup.locator(':focus').getAttribute('id')).toBe('error-summary');
      expect(await popup.locator('#dl-skill-set').inputValue()).toBe('DG');
      expect(await popup.locator('[data-module]').count()).toBe(filtered);
      const again = await tops(popup);
      for (let i = 1; i < again.length; i += 1) expect(again[i]!).toBeGreaterThan(again[i - 1]!);
      expect(await seriousViolations(popup, `picker ${lang} 1366 nothing ticked`)).toEqual([]);
      await popup.screenshot({ path: `${SHOTS}/picker-problem-${lang}-1366.png`, fullPage: true });

      // The summary's link leads to the first module of the list.
      await summary.getByRole('link').click();
      expect(await popup.locator(':focus').getAttribute('name')).toBe('module');

      await popup.setViewportSize({ width: 375, height: 740 });
      expect(await overflow(popup)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(popup, `picker ${lang} 375 nothing ticked`)).toEqual([]);
      await popup.screenshot({ path: `${SHOTS}/picker-problem-${lang}-375.png`, fullPage: true });

      // "Cancel": the demo verifies an answer with nothing in it, and its page goes back to the course.
      await popup.getByRole('button', { name: TEXT[lang].cancel }).click();
      await popup.getByTestId('demo-return-message').waitFor();
      await expect(popup.getByTestId('demo-return-message').textContent()).resolves.toContain(
        lang === 'th' ? 'เครื่องมือไม่ได้ส่งเนื้อหาใดกลับมา' : 'returned nothing to place',
      );
      await page.waitForURL(/placed=0/);
      expect(tool.app.demo!.course.activities()).toHaveLength(placedBefore);
      await close();
    },
    120_000,
  );
});

describe('the demo LMS frame, in Chromium', () => {
  it('when a page of the tool opens in the demo page’s frame, then the frame takes the height the page asks for (lti.frameResize), and a message from elsewhere changes nothing', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${base}/demo?lang=th`);
    const frameEl = page.locator('#lms-frame');
    const fixed = await frameEl.evaluate((f) => f.getBoundingClientRect().height);
    await page.getByTestId('module-learner').click();
    const frame = page.frameLocator('#lms-frame');
    await frame.getByTestId('continue').waitFor({ timeout: 15_000 });

    // The tool's page is taller than the frame's fixed height; the frame grows to show it whole.
    const wanted = () => frame.locator('body').evaluate((b) => Math.ceil(b.getBoundingClientRect().height));
    expect(await wanted()).toBeGreaterThan(fixed);
    const height = (await wanted()) + 2;
    await page.waitForFunction(
      `Math.round(document.getElementById('lms-frame').getBoundingClientRect().height) === ${height}`,
      undefined,
      { timeout: 15_000 },
    );
    // No scroll bar inside the frame: its document fits.
    await expect(
      frame.locator('html').evaluate((h) => h.scrollHeight - h.clientHeight),
    ).resolves.toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/demo-frame-module-th-1366.png`, fullPage: true });

    // A resize message that is not the frame's (here the demo page's own) is ignored; a second message from the
    // same window arrives after it, so by then the first was handled.
    const before = await frameEl.evaluate((f) => f.style.height);
    const after = await page.evaluate(`new Promise((resolve) => {
      window.addEventListener('message', (e) => {
        if (e.data === 'done') resolve(document.getElementById('lms-frame').style.height);
      });
      window.postMessage({ subject: 'lti.frameResize', height: 100 }, '*');
      window.postMessage('done', '*');
    })`);
    expect(after).toBe(before);

    await page.setViewportSize({ width: 375, height: 740 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/demo-frame-module-th-375.png`, fullPage: true });
    await page.close();
  }, 120_000);
});
