import type { Page } from 'playwright-core';
import { seriousViolations, formatFindings, type AxeFinding } from '../support/axe';
import { startBrowserTool, type BrowserTool } from '../support/browser';
import { launchInWindow, openInSession, seedDemoCourse, type Lang } from '../support/demo-data';
import { saveScreenshot } from '../support/screenshots';

// The pages of issue #18 items 3 and 7 in the states the accessibility gate's crawl cannot reach by links: the stage
// page with a stage announced, a target and a second group waiting; the import's preview, with errors and ready to
// confirm; progress with the stage line and a second group asked for. Thai and English, 1366 and 375 px, axe-core.
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
  await saveScreenshot(page, `h18-${label}`);
}

it('the stage page, the import preview and progress pass axe in Thai and English, on a desktop and a phone', async () => {
  // One browser context per person: a launch's session cookie is per browser, as in the LMS.
  const context = await tool.browser.newContext();
  const adminContext = await tool.browser.newContext();
  const findings: AxeFinding[] = [];
  try {
    // The learner asks for a second group (their group was chosen by seedDemoCourse).
    const learner = await launchInWindow(context, tool.base, 'learner', 'en');
    await openInSession(learner, tool.base, '/app/progress');
    // The target is a disclosure, closed once chosen (the 2,000 px budget); open while a second group waits.
    await learner.locator('details.target > summary').click();
    await learner.getByText('Ask for a second target group').click();
    await learner.locator('#second-group').selectOption('TECH');
    await learner.getByTestId('ask-second').click();
    await learner.getByTestId('second-asked').waitFor();

    const admin = await launchInWindow(adminContext, tool.base, 'admin', 'en');
    await openInSession(admin, tool.base, '/app/organisation/stage');
    await admin.locator('#announce-stage').selectOption('DEVELOPING');
    await admin.getByTestId('announce').click();
    await admin.getByTestId('stage-done').waitFor();
    await admin.locator('#target-stage').selectOption('MATURE');
    await admin.locator('#target-year').selectOption({ index: 3 });
    await admin.getByTestId('set-target').click();
    await admin.getByTestId('stage-done').waitFor();

    let round = 0;
    for (const width of WIDTHS)
      for (const lang of LANGS) {
        await admin.setViewportSize({ width, height: 900 });
        await learner.setViewportSize({ width, height: 900 });
        await openInSession(admin, tool.base, `/app/organisation/stage?lang=${lang}`);
        await admin.getByTestId('second-group-queue').waitFor();
        await check(admin, `stage-${lang}-${width}`, findings);

        // A preview with errors: the rows say why, no confirm.
        await openInSession(admin, tool.base, `/app/organisation/target-groups/import?lang=${lang}`);
        await check(admin, `import-${lang}-${width}`, findings);
        await admin
          .locator('#import-csv')
          .fill(
            'lms_user_id,group,second_group\ndemo-learner-1,SERV,TECH\nnobody,SERV,\ndemo-instructor-1,NOPE,\n',
          );
        await admin.getByTestId('preview').click();
        await admin.getByTestId('import-blocked').waitFor();
        await check(admin, `import-errors-${lang}-${width}`, findings);
        // A preview ready to confirm.
        // Another group each time, so that each round has a change to confirm; CRLF as Excel writes it.
        const group = ['ACAD', 'SERV', 'TECH', 'OTHER'][round++]!;
        await admin.locator('#import-csv').fill(`lms_user_id,group\r\ndemo-instructor-1,${group}\r\n`);
        await admin.getByTestId('preview').click();
        await admin.getByTestId('confirm').waitFor();
        await check(admin, `import-ready-${lang}-${width}`, findings);
        // The confirm applies what the browser sends back (its line breaks normalised by the form).
        await admin.getByTestId('confirm').click();
        await admin.getByTestId('import-done').waitFor();
        // An error summary on the stage page (a target behind the stage in force).
        await openInSession(admin, tool.base, `/app/organisation/stage?lang=${lang}`);
        await admin.locator('#target-stage').selectOption('EARLY');
        await admin.getByTestId('set-target').click();
        await admin.getByTestId('error-summary').waitFor();
        await check(admin, `stage-error-${lang}-${width}`, findings);

        await openInSession(learner, tool.base, `/app/progress?lang=${lang}`);
        await learner.getByTestId('second-group').waitFor();
        await check(learner, `progress-${lang}-${width}`, findings);
      }
  } finally {
    await context.close();
    await adminContext.close();
  }
  expect(formatFindings(findings)).toBe('');
}, 300_000);
