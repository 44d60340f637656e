import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startBrowserTool, type BrowserTool } from '../support/browser';

// The printed self-assessment (issue 15, item 7): a learner rates every skill set in a real browser, through the
// demo LMS's real LTI launch, and prints the result. It fits one A4 page, signatures on the same page, in Thai
// and in English; and it reads on a phone without sideways scrolling.
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

/** Pages of a PDF: its page objects (`/Type /Page`, not the `/Pages` tree). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

/**
 * Launches the demo learner in a new window, rates every skill set of the framework (the highest level, so the
 * longest level names), and returns the page on the printable result.
 */
async function rateEverySkillSet(lang: 'th' | 'en', viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport });
  const demo = await context.newPage();
  await demo.goto(`${base}/demo?lang=${lang}`);
  const [page] = await Promise.all([
    context.waitForEvent('page'),
    demo.getByTestId('launch-learner-window').click(),
  ]);
  await page.getByTestId('role').waitFor();
  const ltik = new URL(page.url()).searchParams.get('ltik')!;
  await page.goto(`${base}/app/self-assessment?ltik=${encodeURIComponent(ltik)}`);
  await page.locator('#group').selectOption('TECH');
  await page.locator('#stage').selectOption('MATURE');
  const fieldsets = page.locator('fieldset.rating');
  const count = await fieldsets.count();
  expect(count).toBe(7);
  for (let i = 0; i < count; i += 1)
    await fieldsets
      .nth(i)
      .locator('input[type="radio"]')
      .nth(i % 3)
      .check();
  await page.getByTestId('submit-self-assessment').click();
  await page.getByTestId('self-assessment-result').waitFor();
  await expect(page.locator('[data-testid="self-assessment-result"] tbody tr').count()).resolves.toBe(7);
  return { page, close: () => context.close() };
}

async function printToPdf(page: Page, file: string): Promise<Buffer> {
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  fs.writeFileSync(file, pdf);
  return pdf;
}

/** The signature block is printed (not hidden by the print styles) and comes after the results it signs. */
async function signaturesPrinted(page: Page): Promise<boolean> {
  const signatures = page.locator('.signatures');
  const table = await page.locator('[data-testid="self-assessment-result"] table').boundingBox();
  const box = await signatures.boundingBox();
  return (await signatures.isVisible()) && box !== null && table !== null && box.y >= table.y + table.height;
}

describe('the printed self-assessment', () => {
  for (const lang of ['th', 'en'] as const) {
    it(`when a learner prints the result of all seven skill sets in ${lang === 'th' ? 'Thai' : 'English'}, then it is one A4 page with the signatures`, async () => {
      const { page, close } = await rateEverySkillSet(lang, { width: 1024, height: 768 });
      const pdf = await printToPdf(page, `/tmp/digiskill-self-assessment-${lang}.pdf`);
      expect(pdfPages(pdf)).toBe(1);
      await expect(signaturesPrinted(page)).resolves.toBe(true);
      await close();
    });
  }

  it('when a learner opens the result on a phone (375 px), then nothing scrolls sideways', async () => {
    const { page, close } = await rateEverySkillSet('th', { width: 375, height: 740 });
    const overflow = await page.locator('html').evaluate((el) => el.scrollWidth - el.clientWidth);
    await page.screenshot({ path: '/tmp/digiskill-self-assessment-th-phone.png', fullPage: true });
    expect(overflow).toBeLessThanOrEqual(0);
    // Nor does the table inside its own scroller: every column is readable without scrolling.
    const inner = await page
      .locator('[data-testid="self-assessment-result"] .table-scroll')
      .evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(inner).toBeLessThanOrEqual(0);
    await close();
  });
});
