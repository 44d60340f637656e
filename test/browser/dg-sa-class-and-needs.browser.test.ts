import type { Page } from 'playwright-core';
import { DEMO } from '../../src/demo/demo-platform';
import { bangkokToday } from '../../src/shared/clock';
import { seriousViolations, formatFindings, type AxeFinding } from '../support/axe';
import { startBrowserTool, type BrowserTool } from '../support/browser';
import { launchInWindow, openInSession, seedDemoCourse, type Lang } from '../support/demo-data';
import { saveScreenshot } from '../support/screenshots';

// The class view and the need analysis once DG-SA results are imported (seed 002: the DG-SA is THE
// self-assessment): the class view marks the learner's last self-assessment "(DG-SA)" and says what the mark means;
// the need analysis says how many people's levels came from DG-SA. Thai and English, 1366 and 375 px, axe-core.
let tool: BrowserTool;
const WIDTHS = [1366, 375];
const LANGS: Lang[] = ['th', 'en'];

beforeAll(async () => {
  tool = await startBrowserTool();
  await seedDemoCourse(tool, { entries: 40 });
}, 120_000);
afterAll(async () => {
  await tool?.close();
});

async function check(page: Page, label: string, findings: AxeFinding[]): Promise<void> {
  findings.push(...(await seriousViolations(page, label)));
  await saveScreenshot(page, `dg-sa-${label}`);
}

it('the class view and the need analysis with DG-SA results pass axe in Thai and English, on a desktop and a phone', async () => {
  const context = await tool.browser.newContext();
  const staffContext = await tool.browser.newContext();
  const findings: AxeFinding[] = [];
  const today = bangkokToday();
  try {
    const admin = await launchInWindow(context, tool.base, 'admin', 'en');
    // The demo learner's DG-SA result of today: the same day as their own self-assessment, so the DG-SA counts.
    await openInSession(admin, tool.base, '/app/organisation/official-results/import');
    await admin
      .locator('#import-csv')
      .fill(
        [
          'lms_user_id,kind,code,level,date,certificate_number',
          ...['DL', 'DG', 'DT', 'DPS'].map(
            (s, i) => `${DEMO.users.learner.sub},dg_sa,${s},${i % 3},${today},`,
          ),
          '',
        ].join('\r\n'),
      );
    await admin.getByTestId('preview').click();
    await admin.getByTestId('confirm').click();
    await admin.getByTestId('import-done').waitFor();
    const instructor = await launchInWindow(staffContext, tool.base, 'instructor', 'en');
    for (const width of WIDTHS)
      for (const lang of LANGS) {
        await instructor.setViewportSize({ width, height: 900 });
        await admin.setViewportSize({ width, height: 900 });
        await openInSession(instructor, tool.base, `/app/class?lang=${lang}`);
        await instructor.getByTestId('self-assessment-note').waitFor();
        expect(await instructor.locator('tr[data-launched="yes"]').first().innerText()).toContain('(DG-SA)');
        await check(instructor, `class-${lang}-${width}`, findings);
        await openInSession(admin, tool.base, `/app/organisation/needs?lang=${lang}`);
        await admin.getByTestId('needs-dg-sa').waitFor();
        await check(admin, `needs-${lang}-${width}`, findings);
      }
  } finally {
    await context.close();
    await staffContext.close();
  }
  expect(formatFindings(findings)).toBe('');
}, 300_000);
