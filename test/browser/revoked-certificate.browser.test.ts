import type { Page } from 'playwright-core';
import { seriousViolations, formatFindings, type AxeFinding } from '../support/axe';
import { startBrowserTool, type BrowserTool } from '../support/browser';
import { inSession, launchInWindow, openInSession, seedDemoCourse, type Lang } from '../support/demo-data';
import { saveScreenshot } from '../support/screenshots';

// Issue #19 item 4, after review, as the learner sees it: their certificate revoked by an administrator (through
// the administrators' page) is marked revoked in the progress page's certificates, with the date and the reason
// and no download, and its PDF address answers a 410 page in the frame; Thai and English, desktop and phone, axe
// clean.
let tool: BrowserTool;
let entry: string;
const REASON_TH = 'ชื่อผู้เรียนสะกดผิด ต้องออกใหม่';

beforeAll(async () => {
  tool = await startBrowserTool();
  await seedDemoCourse(tool);
  const context = await tool.browser.newContext();
  try {
    // The learner downloads their certificate once (it is issued then).
    const learner = await launchInWindow(context, tool.base, 'learner', 'th');
    await openInSession(learner, tool.base, '/app/progress');
    const href = await learner.locator('a[href*="/app/certificates/module/"]').first().getAttribute('href');
    entry = /\/app\/certificates\/module\/(\d+)\?/.exec(href!)![1]!;
    const pdf = await learner.request.get(new URL(href!, tool.base).href);
    expect(pdf.status()).toBe(200);
    const publicId = /certificate-([A-Za-z0-9_-]{22})-/.exec(pdf.headers()['content-disposition'] ?? '')![1]!;
    // An administrator revokes it on their page.
    const admin = await launchInWindow(context, tool.base, 'admin', 'th');
    await openInSession(admin, tool.base, '/app/organisation/certificates');
    const item = admin.locator(`[data-certificate="${publicId}"]`);
    await item.locator('summary').click();
    await item.locator('input[name="reason"]').fill(REASON_TH);
    await Promise.all([admin.waitForURL(/done=revoked/), item.getByTestId(`revoke-${publicId}`).click()]);
  } finally {
    await context.close();
  }
}, 180_000);
afterAll(async () => {
  await tool?.close();
});

const WIDTHS = [
  { width: 1366, height: 900 },
  { width: 375, height: 740 },
] as const;
const DIR = '/tmp/h19revoked';

async function visit(page: Page, lang: Lang, width: number): Promise<AxeFinding[]> {
  const findings: AxeFinding[] = [];
  await openInSession(page, tool.base, `/app/progress?lang=${lang}`);
  await page.locator('details.certificates summary').first().click();
  const mark = page.getByTestId('certificate-withdrawn').first();
  await mark.waitFor();
  expect(await mark.textContent()).toBe(lang === 'th' ? 'ถูกเพิกถอน' : 'Revoked');
  const item = page.locator('[data-withdrawn="true"]').first();
  expect(await item.textContent()).toContain(REASON_TH);
  expect(await item.locator('a[download]').count()).toBe(0);
  expect(await page.locator(`a[href*="/app/certificates/module/${entry}"]`).count()).toBe(0);
  findings.push(...(await seriousViolations(page, `${lang} ${width}px progress with a revoked certificate`)));
  await item.scrollIntoViewIfNeeded();
  await saveScreenshot(page, `revoked-progress-${lang}-${width}`, { type: 'png', dir: DIR });
  await page.locator('details.certificates').screenshot({ path: `${DIR}/revoked-list-${lang}-${width}.png` });

  const gone = await page.goto(
    inSession(page, tool.base, `/app/certificates/module/${entry}?in=${lang}&lang=${lang}`),
  );
  expect(gone?.status()).toBe(410);
  await page.getByTestId('error-link').waitFor();
  findings.push(...(await seriousViolations(page, `${lang} ${width}px revoked certificate's 410 page`)));
  await saveScreenshot(page, `revoked-gone-${lang}-${width}`, { type: 'png', dir: DIR });
  return findings;
}

describe('a revoked certificate in the browser', () => {
  for (const size of WIDTHS)
    it(`when the learner opens their certificates on a ${size.width} px screen in Thai and English, then the revoked one is marked with its date and reason, its PDF answers 410, axe clean`, async () => {
      const context = await tool.browser.newContext({ viewport: { width: size.width, height: size.height } });
      const findings: AxeFinding[] = [];
      try {
        const page = await launchInWindow(context, tool.base, 'learner', 'th');
        for (const lang of ['th', 'en'] as const) findings.push(...(await visit(page, lang, size.width)));
      } finally {
        await context.close();
      }
      expect(formatFindings(findings)).toBe('');
    }, 180_000);
});
