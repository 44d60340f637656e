import type { Browser, Page } from 'playwright-core';
import { startBrowserTool, type BrowserTool } from '../support/browser';

// The learning record as people use it, in a real browser: the demo LMS launches the learner and the instructor
// of its course through the full LTI 1.3 flow, each in a window of their own.
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
async function launchInWindow(
  role: 'learner' | 'instructor',
  lang: 'th' | 'en',
  options: { javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${base}/demo?lang=${lang}`);
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    page.getByTestId(`launch-${role}-window`).click(),
  ]);
  await popup.getByTestId('role').waitFor({ timeout: 15_000 });
  return popup;
}

const focusedId = (page: Page) => page.locator(':focus').getAttribute('id');

/** Opens a path of the tool in the same session (the ltik of the page's current URL). */
async function open(page: Page, path: string): Promise<void> {
  const ltik = new URL(page.url()).searchParams.get('ltik') ?? '';
  await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(ltik)}`);
}

/** The same session in a browser with JavaScript off: the cookies and the page's URL carried over. */
async function withoutJavaScript(page: Page): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  await context.addCookies(await page.context().cookies());
  const copy = await context.newPage();
  await copy.goto(page.url());
  return copy;
}

async function logActivity(page: Page, title: string, hours: string): Promise<void> {
  await open(page, '/app/record/new');
  await page.getByLabel('Activity type').selectOption('coaching');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Hours', { exact: true }).fill(hours);
  await page.locator('#skill-DL').fill(hours);
  await page.getByTestId('submit-record').click();
  await page.getByTestId('logged').waitFor();
}

describe('the log-learning form in Chromium', () => {
  it('when a learner submits it with two invalid fields, then the summary names both, takes focus, links to each field, and what was typed stays', async () => {
    const page = await launchInWindow('learner', 'en');
    await page.getByTestId('log-link').click();
    await page.getByLabel('Activity type').selectOption('mentoring');
    // Title left empty (the form's check) and no skill set credited (the record's own rule).
    await page.getByLabel('Hours', { exact: true }).fill('3');
    await page.getByLabel('What you learned (reflection)').fill('Pivot tables with my mentor');
    await page.getByLabel('Evidence link').fill('https://drive.example.go.th/evidence/7');
    await page.getByTestId('submit-record').click();

    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    const links = summary.getByRole('link');
    await expect(links.allTextContents()).resolves.toEqual([
      'Title: This field is required.',
      'Hours credited to each skill set: Credit at least one skill set.',
    ]);
    await expect(focusedId(page)).resolves.toBe('error-summary');
    await expect(page.locator('#title').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#title').getAttribute('aria-describedby')).resolves.toBe('title-error');

    await links.first().click();
    await expect(focusedId(page)).resolves.toBe('title');
    await links.nth(1).click();
    await expect(focusedId(page)).resolves.toBe('skill-DL');

    await expect(page.getByLabel('Activity type').inputValue()).resolves.toBe('mentoring');
    await expect(page.getByLabel('Hours', { exact: true }).inputValue()).resolves.toBe('3');
    await expect(page.getByLabel('What you learned (reflection)').inputValue()).resolves.toBe(
      'Pivot tables with my mentor',
    );
    await expect(page.getByLabel('Evidence link').inputValue()).resolves.toBe(
      'https://drive.example.go.th/evidence/7',
    );
    await page.screenshot({ path: '/tmp/digiskill-record-errors-en.png', fullPage: true });
    await page.context().close();
  });
});

describe('corrections in Chromium', () => {
  it('when an instructor opens a correction with the keyboard, without JavaScript, then only correctable rows offer one, the learner sees the reason and the rejection comment, and a repeat is flagged', async () => {
    const learner = await launchInWindow('learner', 'en');
    await logActivity(learner, 'Coaching on pivot tables', '3');
    await logActivity(learner, 'Coaching without evidence', '2');

    const instructor = await launchInWindow('instructor', 'en');
    await open(instructor, '/app/approvals');
    await instructor.getByLabel(/Select Coaching on pivot tables/).check();
    await instructor.getByTestId('approve').click();
    await instructor.getByTestId('notice').waitFor();
    await instructor.getByLabel(/Select Coaching without evidence/).check();
    await instructor.getByLabel('Comment (required to reject)').fill('Please attach the coaching notes');
    await instructor.getByTestId('reject').click();
    await instructor.getByTestId('notice').waitFor();
    await open(instructor, '/app/learners');
    await instructor
      .locator('li', { hasText: 'สมชาย ใจดี' })
      .getByRole('link', { name: 'Learning record' })
      .click();

    const page = await withoutJavaScript(instructor);
    const approved = page.locator('li[data-entry]', { hasText: 'Coaching on pivot tables' });
    const rejected = page.locator('li[data-entry]', { hasText: 'Coaching without evidence' });
    await expect(rejected.getAttribute('data-status')).resolves.toBe('rejected');
    await expect(rejected.locator('details, form, button').count()).resolves.toBe(0);
    await expect(rejected.getByTestId('review-comment').textContent()).resolves.toBe(
      "Reviewer's comment: Please attach the coaching notes",
    );
    // Closed until asked for: the form's fields are not shown.
    const reason = approved.getByLabel('Reason');
    await expect(reason.isVisible()).resolves.toBe(false);
    const toggle = approved.locator('summary');
    await expect(toggle.getAttribute('aria-label')).resolves.toBe(
      'Correct or reverse: Coaching on pivot tables',
    );
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(reason.isVisible()).resolves.toBe(true);
    await approved.getByLabel('Hours', { exact: true }).fill('2');
    await reason.fill('The session lasted two hours');
    await reason.press('Enter'); // submits with the form's first button: Correct
    await page.getByTestId('saved').waitFor();
    await page.screenshot({ path: '/tmp/digiskill-learner-record-en.png', fullPage: true });
    await page.context().close();

    await open(learner, '/app/progress/history');
    const history = learner.locator('table.history');
    await expect(
      history
        .locator('tr', { hasText: 'Coaching on pivot tables' })
        .getByTestId('change-reason')
        .textContent(),
    ).resolves.toBe('Corrected by an instructor: The session lasted two hours');
    await expect(
      history
        .locator('tr', { hasText: 'Coaching without evidence' })
        .getByTestId('review-comment')
        .textContent(),
    ).resolves.toBe("Reviewer's comment: Please attach the coaching notes");
    await learner.screenshot({ path: '/tmp/digiskill-progress-reasons-en.png', fullPage: true });

    // Logged again (case and spaces aside), the entry waits with a flag that says why, as text.
    await logActivity(learner, 'coaching on  PIVOT tables', '2');
    await open(instructor, '/app/approvals');
    const flag = instructor
      .locator('tr', { hasText: 'coaching on PIVOT tables' })
      .locator('li[data-flag="DUPLICATE"]');
    await expect(flag.innerText()).resolves.toBe(
      '⚠ Possible duplicate: this person has another entry with the same date and title (Counted).',
    );
    await instructor.screenshot({ path: '/tmp/digiskill-approvals-flags-en.png', fullPage: true });
    await learner.context().close();
    await instructor.context().close();
  });
});
