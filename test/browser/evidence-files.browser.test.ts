import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { seriousViolations, formatFindings } from '../support/axe';
import { startBrowserTool, type BrowserTool } from '../support/browser';
import { EVIDENCE_PDF, launchInWindow, openInSession, type Lang } from '../support/demo-data';

// The log-learning form with an evidence file, as the demo learner uses it in Chromium: a PDF attached and then
// listed in the history, a web page renamed .pdf refused in the form's error summary; in Thai and English, at
// 1366 and 375 px, axe clean. Screenshots go to /tmp/h19evidence (or SCREENSHOT_DIR).
let tool: BrowserTool;
const SHOTS = process.env.SCREENSHOT_DIR || '/tmp/h19evidence';

beforeAll(async () => {
  tool = await startBrowserTool();
  fs.mkdirSync(SHOTS, { recursive: true });
}, 60_000);
afterAll(async () => {
  await tool?.close();
});

const TEXT: Record<
  Lang,
  { type: string; title: string; hours: string; wrongType: string; fixErrors: string }
> = {
  th: {
    type: 'ประเภทกิจกรรม',
    title: 'ชื่อเรื่อง',
    hours: 'จำนวนชั่วโมง',
    wrongType: 'ไม่ใช่ไฟล์ PDF, PNG, JPEG หรือ WebP',
    fixErrors: 'กรุณาแก้ไขรายการต่อไปนี้',
  },
  en: {
    type: 'Activity type',
    title: 'Title',
    hours: 'Hours',
    wrongType: 'is not a PDF, PNG, JPEG or WebP file',
    fixErrors: 'Please correct the following',
  },
};

async function fillForm(page: Page, lang: Lang, title: string): Promise<void> {
  await openInSession(page, tool.base, '/app/record/new');
  await page.locator('#activityType').selectOption('coaching');
  await page.locator('#title').fill(title);
  await page.locator('#hours').fill('2');
  await page.locator('#skill-DL').fill('2');
  expect(await page.locator('label[for="evidenceFile"]').count()).toBe(1);
  void lang;
}

for (const lang of ['th', 'en'] as const) {
  for (const width of [1366, 375]) {
    it(`when the learner attaches a PDF and then a renamed web page on a ${width} px screen in ${lang === 'th' ? 'Thai' : 'English'}, then the PDF is listed and the web page is refused in the error summary`, async () => {
      const context = await tool.browser.newContext({ viewport: { width, height: 800 } });
      try {
        const page = await launchInWindow(context, tool.base, 'learner', lang);
        const title = `${lang}-${width} อบรม Power BI`;
        await fillForm(page, lang, title);
        await page
          .locator('#evidenceFile')
          .setInputFiles({ name: 'วุฒิบัตร Power BI.pdf', mimeType: 'application/pdf', buffer: EVIDENCE_PDF });
        expect(await seriousViolations(page, `record-new ${lang} ${width}`)).toEqual([]);
        await page.screenshot({ path: path.join(SHOTS, `record-new-${lang}-${width}.png`), fullPage: true });
        await page.getByTestId('submit-record').click();
        await page.getByTestId('logged').waitFor();
        const row = page.locator('tr', { hasText: title });
        await expect(row.locator('.evidence-files a').textContent()).resolves.toContain('วุฒิบัตร Power BI.pdf');
        const findings = await seriousViolations(page, `progress ${lang} ${width}`);
        expect(formatFindings(findings)).toBe(formatFindings([]));
        await row.scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(SHOTS, `progress-evidence-${lang}-${width}.png`) });

        // A web page renamed .pdf: the form's error summary, in the page's language, with what was typed kept.
        await fillForm(page, lang, `${title} (2)`);
        await page.locator('#evidenceFile').setInputFiles({
          name: 'certificate.pdf',
          mimeType: 'application/pdf',
          buffer: Buffer.from('<!doctype html><script>alert(1)</script>'),
        });
        await page.getByTestId('submit-record').click();
        await page.getByTestId('error-summary').waitFor();
        const summary = await page.getByTestId('error-summary').textContent();
        expect(summary).toContain(TEXT[lang].fixErrors);
        expect(summary).toContain(TEXT[lang].wrongType);
        expect(await page.locator('#title').inputValue()).toBe(`${title} (2)`);
        expect(await seriousViolations(page, `record-new refused ${lang} ${width}`)).toEqual([]);
        await page.screenshot({
          path: path.join(SHOTS, `record-new-refused-${lang}-${width}.png`),
          fullPage: true,
        });
      } finally {
        await context.close();
      }
    }, 60_000);
  }
}
