import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrowserTool, type BrowserTool } from '../support/browser';

// The learning date as a Thai learner sees it: a text field in the Buddhist era, and (with JavaScript) day, month
// and year lists whose years are พ.ศ., working under a strict Content-Security-Policy.
const NOW = new Date('2026-12-05T20:00:00Z'); // 6 December 2026 (6/12/2569) in Bangkok
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; form-action 'self'; base-uri 'none'";

let tool: BrowserTool;
let browser: Browser;
let base: string;

beforeAll(async () => {
  tool = await startBrowserTool({ now: () => NOW });
  ({ base, browser } = tool);
}, 60_000);

afterAll(async () => {
  await tool?.close();
});

/**
 * A learner launched from the demo LMS (top level), on the log form. The tool's record pages are served with a
 * strict CSP (no inline script), and every violation the browser reports is collected.
 */
async function logForm(
  context: BrowserContext,
  javaScript = true,
): Promise<{ page: Page; violations: string[] }> {
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.route(/\/app\/record/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
  });
  await page.goto(`${base}/demo/start?as=learner&locale=th`);
  // Without JavaScript the demo LMS's form to the tool is posted by hand, as its <noscript> button offers (in
  // the launch's language).
  if (!javaScript) await page.getByRole('button', { name: 'ดำเนินการต่อ' }).click();
  await page.getByTestId('role').waitFor({ timeout: 15_000 });
  const ltik = new URL(page.url()).searchParams.get('ltik')!;
  await page.goto(`${base}/app/record/new?ltik=${encodeURIComponent(ltik)}`);
  await page.locator('#activityType').selectOption('mentoring');
  await page.locator('#title').fill('พี่เลี้ยงสอนการใช้ Google Sheets');
  await page.locator('#hours').fill('2');
  await page.locator('#skill-DL').fill('2');
  return { page, violations };
}

describe('the learning date in Chromium (Thai)', () => {
  it('when a learner picks day, month and พ.ศ. year from the lists, then the field shows it and the entry is saved on that day', async () => {
    const context = await browser.newContext();
    const { page, violations } = await logForm(context);
    const date = page.getByLabel('วันที่เรียนรู้');
    await expect(date.inputValue()).resolves.toBe('6/12/2569');
    const picker = page.getByRole('group', { name: 'หรือเลือกวันที่' });
    await expect(picker.getByLabel('ปี พ.ศ.').inputValue()).resolves.toBe('2569');
    await expect(picker.getByLabel('เดือน').locator('option:checked').textContent()).resolves.toBe('ธันวาคม');
    await picker.getByLabel('วัน', { exact: true }).selectOption('15');
    await picker.getByLabel('เดือน').selectOption({ label: 'พฤศจิกายน' });
    await expect(date.inputValue()).resolves.toBe('15/11/2569');
    await page.screenshot({ path: '/tmp/digiskill-date-picker-th.png', fullPage: true });
    await page.getByTestId('submit-record').click();
    await page.getByRole('heading', { name: /^ประวัติการเรียนรู้/ }).waitFor();
    await expect(page.locator('table.history').textContent()).resolves.toContain('15 พฤศจิกายน 2569');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('when a learner types a Christian-era year, then the message next to the field says to type the Buddhist-era year', async () => {
    const context = await browser.newContext();
    const { page, violations } = await logForm(context);
    const date = page.getByLabel('วันที่เรียนรู้');
    await date.fill('15/11/2026');
    await page.getByTestId('submit-record').click();
    await page
      .locator('#occurredOn-error')
      .getByText('ปีที่พิมพ์ดูเหมือนเป็นปี ค.ศ. โปรดพิมพ์ปี พ.ศ. เช่น 2569')
      .waitFor();
    await expect(date.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByText('วันที่ต้องไม่เลยวันนี้').count()).resolves.toBe(0);
    await page.screenshot({ path: '/tmp/digiskill-date-error-th.png', fullPage: true });
    // Typing follows into the lists: 2569-11-15 selects 15, November, 2569.
    await date.fill('2569-11-15');
    const picker = page.getByRole('group', { name: 'หรือเลือกวันที่' });
    await expect(picker.getByLabel('วัน', { exact: true }).inputValue()).resolves.toBe('15');
    await expect(picker.getByLabel('เดือน').inputValue()).resolves.toBe('11');
    await page.getByTestId('submit-record').click();
    await page.getByRole('heading', { name: /^ประวัติการเรียนรู้/ }).waitFor();
    expect(violations).toEqual([]);
    await context.close();
  });

  it('when JavaScript is off, then the text field alone takes the Buddhist-era date', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const { page } = await logForm(context, false);
    await expect(page.getByRole('group', { name: 'หรือเลือกวันที่' }).count()).resolves.toBe(0);
    await page.getByLabel('วันที่เรียนรู้').fill('๑/๑๐/๒๕๖๘');
    await page.getByTestId('submit-record').click();
    await page.getByRole('heading', { name: /^ประวัติการเรียนรู้/ }).waitFor();
    await expect(page.locator('table.history').textContent()).resolves.toContain('1 ตุลาคม 2568');
    await context.close();
  });
});
