import type { Browser, Page } from 'playwright-core';
import { startBrowserTool, type BrowserTool } from '../support/browser';

// The error summary as people meet it in a real browser, on the largest form (module authoring) and on the
// development plan: the demo LMS launches each person through the full LTI 1.3 flow, in a window of their own.
let tool: BrowserTool;
let browser: Browser;
let base: string;

beforeAll(async () => {
  tool = await startBrowserTool();
  ({ base, browser } = tool);
}, 60_000);

afterAll(async () => {
  await tool?.close();
});

/** Launches a demo person in a new window (top level, as Moodle's "New window" container) and returns it. */
async function launchInWindow(role: 'learner' | 'admin', lang: 'th' | 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/demo?lang=${lang}`);
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    page.getByTestId(`launch-${role}-window`).click(),
  ]);
  await popup.getByTestId('role').waitFor({ timeout: 15_000 });
  await popup.setViewportSize({ width: 1366, height: 900 });
  return popup;
}

/** Opens a path of the tool in the same session (the ltik of the page's current URL). */
async function open(page: Page, path: string): Promise<void> {
  const ltik = new URL(page.url()).searchParams.get('ltik') ?? '';
  await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(ltik)}`);
}

const focusedId = (page: Page) => page.locator(':focus').getAttribute('id');

/** Full-page screenshots at a desktop and a phone width, for a person to look at. */
async function screenshots(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/digiskill-${name}-1366.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: `/tmp/digiskill-${name}-375.png`, fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
}

describe('the authoring form in Chromium', () => {
  it('when an administrator saves a module with problems in three places, then the summary takes focus, names each field, each link focuses its field, and what was typed stays', async () => {
    const page = await launchInWindow('admin', 'en');
    await open(page, '/app/catalogue/new');
    await page.locator('[name="title.en"]').fill('Online forms');
    await page.locator('[name="summary.th"]').fill('สร้างแบบฟอร์มรับข้อมูล');
    await page.locator('[name="summary.en"]').fill('Build a form\n  that collects data');
    await page.locator('[name="hours"]').fill('two');
    await page.locator('[name="page.0.title.th"]').fill('เริ่มต้น');
    await page.locator('[name="page.0.title.en"]').fill('Getting started');
    await page.locator('[name="page.0.body.th"]').fill('สร้างฟอร์มใหม่');
    await page.locator('[name="page.0.body.en"]').fill('Create a new form');
    await page.locator('[name="map.DL.DL-COLLAB"]').fill('lots');
    await page.getByTestId('save-draft').click();

    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    const links = summary.getByRole('link');
    await expect(links.allTextContents()).resolves.toEqual([
      'Title (Thai): This field is required.',
      'Hours: Enter hours as a number, e.g. 1.5.',
      'Hours credited to skill sets · Digital Literacy Skill Set · Online collaboration: Enter hours as a number, e.g. 1.5.',
    ]);
    await expect(focusedId(page)).resolves.toBe('error-summary');
    await expect(page.locator('[id="title.th"]').getAttribute('aria-describedby')).resolves.toBe(
      'title.th-error',
    );

    await links.nth(0).click();
    await expect(focusedId(page)).resolves.toBe('title.th');
    await links.nth(1).click();
    await expect(focusedId(page)).resolves.toBe('hours');
    await links.nth(2).click();
    await expect(focusedId(page)).resolves.toBe('map.DL.DL-COLLAB');

    await expect(page.locator('[name="title.en"]').inputValue()).resolves.toBe('Online forms');
    await expect(page.locator('[name="summary.en"]').inputValue()).resolves.toBe(
      'Build a form\n  that collects data',
    );
    await expect(page.locator('[name="map.DL.DL-COLLAB"]').inputValue()).resolves.toBe('lots');
    await page.locator('#error-summary').scrollIntoViewIfNeeded();
    await screenshots(page, 'authoring-errors-en');
    await page.context().close();
  });

  it('in Thai, the summary names the fields in Thai', async () => {
    const page = await launchInWindow('admin', 'th');
    await open(page, '/app/catalogue/new');
    await page.locator('[name="title.th"]').fill('แบบฟอร์มออนไลน์');
    await page.locator('[name="hours"]').fill('สอง');
    await page.getByTestId('save-draft').click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    await expect(focusedId(page)).resolves.toBe('error-summary');
    await expect(summary.getByRole('link').allTextContents()).resolves.toEqual([
      'ชื่อโมดูล (อังกฤษ): กรุณากรอกช่องนี้',
      'คำอธิบายโดยย่อ (ไทย): กรุณากรอกช่องนี้',
      'คำอธิบายโดยย่อ (อังกฤษ): กรุณากรอกช่องนี้',
      'ชั่วโมง: ใส่จำนวนชั่วโมงเป็นตัวเลข เช่น 1.5',
      'หน้าเนื้อหา: ต้องมีอย่างน้อยหนึ่งหน้า (หรือเลือกเงื่อนไข "ผ่านแบบทดสอบ")',
    ]);
    await screenshots(page, 'authoring-errors-th');
    await page.context().close();
  });
});

describe('the development plan in Chromium', () => {
  for (const lang of ['th', 'en'] as const)
    it(`when a learner sends two invalid fields (${lang}), then the summary takes focus and its links focus the fields`, async () => {
      const page = await launchInWindow('learner', lang);
      await open(page, '/app/plan');
      await page.locator('#h-DL-20').fill('1.3');
      await page.locator('#a-DT-10').fill(lang === 'th' ? 'อบรม' : 'A course');
      await page.getByTestId('plan-submit').click();
      const summary = page.getByTestId('error-summary');
      await summary.waitFor();
      await expect(focusedId(page)).resolves.toBe('error-summary');
      const links = summary.getByRole('link');
      await expect(links.count()).resolves.toBe(2);
      await links.nth(1).click();
      await expect(focusedId(page)).resolves.toBe('a-DT-10');
      await expect(page.locator('#h-DL-20').inputValue()).resolves.toBe('1.3');
      await screenshots(page, `plan-errors-${lang}`);
      await page.context().close();
    });
});
