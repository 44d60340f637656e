import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { formatFindings, seriousViolations, type AxeFinding } from '../support/axe';
import { startBrowserTool, type BrowserTool } from '../support/browser';
import { inSession, launchInWindow, type Lang } from '../support/demo-data';
import { seedDueFollowUp } from '../support/follow-up-data';

// The follow-up questionnaire as people meet it in Chromium: Thai and English, on a desktop and a phone, axe
// clean; the error summary when an item is left out; the thank-you state; the instructor's list and the
// committee's results. Screenshots go to SCREENSHOT_DIR/follow-up (default /tmp/h19followup) for a person to look at.
let tool: BrowserTool;
let context: BrowserContext;
let entry: number;
const OUT = path.join(process.env.FOLLOW_UP_SCREENSHOTS ?? '/tmp/h19followup');
const WIDTHS = [1366, 375] as const;

beforeAll(async () => {
  tool = await startBrowserTool();
  context = await tool.browser.newContext({ viewport: { width: 1366, height: 900 } });
  for (const role of ['instructor', 'admin', 'learner'] as const)
    await (await launchInWindow(context, tool.base, role, 'th')).close();
  entry = await seedDueFollowUp(tool);
  fs.mkdirSync(OUT, { recursive: true });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await tool?.close();
});

/** Axe at both widths, with a full-page screenshot of each. */
async function look(page: Page, name: string): Promise<AxeFinding[]> {
  const findings: AxeFinding[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 375 ? 740 : 900 });
    findings.push(...(await seriousViolations(page, `${name} ${width}px`)));
    await page.screenshot({ path: path.join(OUT, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
  return findings;
}

describe('the follow-up questionnaire in Chromium', () => {
  it.each(['th', 'en'] as Lang[])(
    'in %s, the learner reaches it from home, and it is axe clean at 1366 and 375 px',
    async (lang) => {
      const page = await launchInWindow(context, tool.base, 'learner', lang);
      await page.getByTestId('home-follow-ups-link').click();
      await page.getByTestId('follow-ups-mine').waitFor();
      const findings = await look(page, `follow-ups-learner-${lang}`);
      await page.getByTestId('follow-up-link').first().click();
      await page.getByTestId('follow-up-form').waitFor();
      expect(page.url()).toContain(`/app/follow-ups/${entry}/learner`);
      findings.push(...(await look(page, `follow-up-learner-${lang}`)));
      expect(formatFindings(findings)).toBe('');
      await page.close();
    },
  );

  it('when an item is left out, the summary takes focus and links to it; then the learner answers and is thanked', async () => {
    const page = await launchInWindow(context, tool.base, 'learner', 'th');
    await page.goto(inSession(page, tool.base, `/app/follow-ups/${entry}/learner`));
    await page.locator('#L1-4').check();
    await page.locator('#L2-5').check();
    await page.locator('#comment').fill('ใช้ค้นหาระเบียบงานพัสดุได้เร็วขึ้น');
    await page.getByTestId('follow-up-submit').click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.locator(':focus').getAttribute('id')).toBe('error-summary');
    const findings = await look(page, 'follow-up-learner-th-errors');
    await page.locator('#error-summary a[data-field="L3"]').click();
    expect(await page.locator(':focus').getAttribute('id')).toBe('L3-1');
    // What was chosen and typed stays.
    expect(await page.locator('#L1-4').isChecked()).toBe(true);
    expect(await page.locator('#comment').inputValue()).toBe('ใช้ค้นหาระเบียบงานพัสดุได้เร็วขึ้น');
    await page.locator('#L3-3').check();
    await page.locator('#L4-2').check();
    await page.getByTestId('follow-up-submit').click();
    await page.getByTestId('follow-up-thanks').waitFor();
    findings.push(...(await look(page, 'follow-up-learner-th-thanks')));
    expect(formatFindings(findings)).toBe('');
    await page.close();
  });

  it.each(['th', 'en'] as Lang[])(
    'in %s, the instructor opens it as a supervisor, and the administrator reads the results',
    async (lang) => {
      const teacher = await launchInWindow(context, tool.base, 'instructor', lang);
      await teacher.getByTestId('home-follow-ups-link').click();
      await teacher.getByTestId('follow-ups-supervised').waitFor();
      const findings = await look(teacher, `follow-ups-instructor-${lang}`);
      await teacher.getByTestId('follow-up-link').first().click();
      await teacher.getByTestId('follow-up-form').waitFor();
      findings.push(...(await look(teacher, `follow-up-supervisor-${lang}`)));
      await teacher.close();

      const admin = await launchInWindow(context, tool.base, 'admin', lang);
      await admin.goto(inSession(admin, tool.base, '/app/organisation'));
      await admin.getByTestId('follow-up-results-link').click();
      await admin.getByTestId('follow-up-items').waitFor();
      findings.push(...(await look(admin, `follow-up-results-${lang}`)));
      expect(formatFindings(findings)).toBe('');
      await admin.close();
    },
  );
});
