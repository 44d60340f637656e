import type { Page } from 'playwright-core';
import { seriousViolations, formatFindings, type AxeFinding } from '../support/axe';
import { startBrowserTool, type BrowserTool } from '../support/browser';
import { launchInWindow, ltikOf, seedDemoCourse, type Lang } from '../support/demo-data';
import { saveScreenshot } from '../support/screenshots';

// Issue #19 item 5, as a learner and a visitor see it: the progress page's certificate has a digital badge link,
// the certificate's public page shows the badge with its file, its JSON and how to check it, and the check page
// gives its verdict, in Thai and English, on a desktop and a phone, with no serious axe violation.
let tool: BrowserTool;
beforeAll(async () => {
  tool = await startBrowserTool();
  await seedDemoCourse(tool, { entries: 20 });
}, 120_000);
afterAll(async () => {
  await tool?.close();
});

const WIDTHS = [
  { width: 1366, height: 900 },
  { width: 375, height: 740 },
] as const;

async function visit(page: Page, ltik: string, lang: Lang, width: number): Promise<AxeFinding[]> {
  const findings: AxeFinding[] = [];
  await page.goto(`${tool.base}/app/progress?lang=${lang}&ltik=${encodeURIComponent(ltik)}`);
  const badgeLink = page.getByTestId('certificate-badge-link').first();
  await page.locator('details.certificates summary').first().click();
  await badgeLink.waitFor();
  findings.push(...(await seriousViolations(page, `${lang} ${width}px progress with its certificates open`)));
  await saveScreenshot(page, `badge-progress-${lang}-${width}`);
  expect(await badgeLink.textContent()).toContain(
    lang === 'th' ? 'เหรียญดิจิทัล (Open Badges 3.0)' : 'Digital badge (Open Badges 3.0)',
  );
  // Following the badge link issues the certificate and lands on its public credential.
  const badge = await page.request.get(new URL((await badgeLink.getAttribute('href'))!, tool.base).href, {
    maxRedirects: 0,
  });
  expect(badge.status()).toBe(303);
  const publicId = /\/credentials\/([A-Za-z0-9_-]{22})\?/.exec(badge.headers().location ?? '')![1]!;

  await page.goto(`${tool.base}/certificates/${publicId}?lang=${lang}`);
  await page.getByTestId('certificate-badge').waitFor();
  findings.push(...(await seriousViolations(page, `${lang} ${width}px certificate page with its badge`)));
  await saveScreenshot(page, `badge-certificate-${lang}-${width}`);

  await page
    .getByRole('link', { name: lang === 'th' ? 'ตรวจสอบเหรียญดิจิทัล' : 'Check a digital badge' })
    .click();
  await page.getByTestId('badge-check').waitFor();
  findings.push(...(await seriousViolations(page, `${lang} ${width}px badge check form`)));
  const jwt = await (await page.request.get(`${tool.base}/credentials/${publicId}?in=${lang}`)).text();
  await page.locator('#credential').fill(jwt);
  await page.locator('form[method="post"] button[type="submit"]').click();
  await page.getByTestId('badge-valid').waitFor();
  findings.push(...(await seriousViolations(page, `${lang} ${width}px badge check verdict`)));
  await saveScreenshot(page, `badge-verdict-${lang}-${width}`);

  await page.locator('#credential').fill('not-a-badge');
  await page.locator('form[method="post"] button[type="submit"]').click();
  await page.getByTestId('badge-invalid').waitFor();
  findings.push(...(await seriousViolations(page, `${lang} ${width}px badge check refused`)));
  await saveScreenshot(page, `badge-refused-${lang}-${width}`);
  return findings;
}

describe('digital badges in the browser', () => {
  for (const size of WIDTHS)
    it(`when the learner follows their certificate's badge on a ${size.width} px screen in Thai and English, then the certificate page links the badge and the check gives its verdict, axe clean`, async () => {
      const context = await tool.browser.newContext({ viewport: { width: size.width, height: size.height } });
      const findings: AxeFinding[] = [];
      try {
        const page = await launchInWindow(context, tool.base, 'learner', 'th');
        const ltik = ltikOf(page);
        for (const lang of ['th', 'en'] as const)
          findings.push(...(await visit(page, ltik, lang, size.width)));
      } finally {
        await context.close();
      }
      expect(formatFindings(findings)).toBe('');
    }, 180_000);
});
