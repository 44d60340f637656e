import fs from 'node:fs';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { seriousViolations } from '../support/axe';
import { startBrowserTool, type BrowserTool } from '../support/browser';
import { sampleModule } from '../support/module-fixtures';

// The demo LMS's "Select content" (Deep Linking) clicked through in Chromium, under the tool's strict
// Content-Security-Policy: the picker in the page's frame and in a new window, the verified answer placing the
// modules on the demo page, a placed activity launched and completed, its score in the demo gradebook.
let tool: BrowserTool;
let browser: Browser;
let base: string;
const SHOTS = '/tmp/h17demo';

beforeAll(async () => {
  tool = await startBrowserTool();
  ({ base, browser } = tool);
  fs.mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await tool?.close();
});

const LAWS = sampleModule('dg-digital-government-laws');
const PDPA = sampleModule('dg-pdpa-for-officials');

const placedIds = (page: Page) =>
  page.locator('tr[data-placed]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-placed')!));

/** Pages, then the quiz with every right answer, in the frame the module was launched in. */
async function completeInFrame(frame: FrameLocator, mod: ReturnType<typeof sampleModule>, lang: 'th' | 'en') {
  await frame.getByTestId('continue').click();
  for (let i = 1; i < mod.pages.length; i += 1) {
    const position = lang === 'th' ? `หน้า ${i} จาก ${mod.pages.length}` : `Page ${i} of ${mod.pages.length}`;
    await frame.getByTestId('page-position').getByText(position).waitFor();
    await frame.getByTestId('next').click();
  }
  await frame.getByTestId('quiz-link').click();
  for (const [i, q] of mod.quiz!.questions.entries())
    for (const [j, o] of q.options.entries()) if (o.correct) await frame.locator(`#q${i}-o${j}`).check();
  await frame.getByTestId('submit-quiz').click();
  await frame.getByTestId('completion').waitFor();
}

describe('"Select content" in the demo LMS, in Chromium', () => {
  it('when the instructor selects two modules inside the page (Thai), then both are placed, a learner completes one and the demo gradebook shows the score in Thai', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${base}/demo?lang=th`);
    await page.getByTestId('placed-empty').waitFor();
    await page.getByTestId('select-content').click();

    // The tool's picker in the demo's frame: a real LtiDeepLinkingRequest launch.
    const frame = page.frameLocator('iframe[name="lms-frame"]');
    await frame.getByRole('heading', { name: 'เลือกบทเรียนสำหรับรายวิชาของคุณ' }).waitFor({ timeout: 15_000 });
    await frame.locator(`#m-${LAWS.slug}`).check();
    await frame.locator(`#m-${PDPA.slug}`).check();
    await page.screenshot({ path: `${SHOTS}/picker-th-1366.png`, fullPage: true });
    await frame.getByRole('button', { name: 'เพิ่มลงในรายวิชา' }).click();

    // The answer is verified by the demo and the demo page (the top window) comes back listing both.
    await page
      .getByTestId('demo-notice')
      .getByText('วางกิจกรรมในรายวิชาสาธิตแล้ว 2 รายการ')
      .waitFor({ timeout: 15_000 });
    const ids = await placedIds(page);
    expect(ids).toHaveLength(2);
    await expect(page.getByTestId('placed').textContent()).resolves.toContain(LAWS.title.th);
    await expect(page.getByTestId('placed').textContent()).resolves.toContain(PDPA.title.th);
    expect(await seriousViolations(page, 'demo th 1366 with placed activities')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/demo-placed-th-1366.png`, fullPage: true });

    // The learner opens the first placed activity in the frame and completes it.
    await page.getByTestId(`placed-${ids[0]}-learner`).click();
    await completeInFrame(frame, LAWS, 'th');
    await tool.app.grades.drain();

    await page.goto(`${base}/demo?lang=th`);
    const gradebook = page.getByTestId('gradebook');
    await expect(gradebook.textContent()).resolves.toContain(LAWS.title.th);
    await expect(gradebook.textContent()).resolves.toContain('100 / 100');
    await expect(gradebook.textContent()).resolves.toContain('ทำเสร็จแล้ว, ให้คะแนนครบแล้ว');
    await expect(gradebook.textContent()).resolves.not.toMatch(/Completed|FullyGraded/);
    await page.setViewportSize({ width: 375, height: 740 });
    expect(await seriousViolations(page, 'demo th 375 with placed activities and a grade')).toEqual([]);
    const overflow = await page.locator('body').evaluate((b) => b.scrollWidth - b.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/demo-gradebook-th-375.png`, fullPage: true });
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await page.close();
  }, 120_000);

  it('when the instructor selects a module in a new window (English), then the window says what was placed, the demo page lists it, and removing it empties the row', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/demo?lang=en`);
    const before = await placedIds(page);
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByTestId('select-content-window').click(),
    ]);
    await popup.getByRole('heading', { name: 'Choose modules for your course' }).waitFor({ timeout: 15_000 });
    await popup.locator(`#m-${PDPA.slug}`).check();
    await popup.getByRole('button', { name: 'Add to course' }).click();

    // The window shows the demo's verdict; the opener (the demo page) goes to its list.
    await popup.getByTestId('demo-return-message').waitFor();
    await expect(popup.getByTestId('demo-return-message').textContent()).resolves.toContain(
      'Activities placed in the demo course (1):',
    );
    expect(await seriousViolations(popup, 'demo return en 1366')).toEqual([]);
    await popup.screenshot({ path: `${SHOTS}/demo-return-en-1366.png`, fullPage: true });
    await page.getByTestId('demo-notice').getByText('Activities placed in the demo course: 1.').waitFor();
    const after = await placedIds(page);
    expect(after).toHaveLength(before.length + 1);
    const id = after.at(-1)!;
    await expect(page.locator(`tr[data-placed="${id}"]`).textContent()).resolves.toContain(PDPA.title.en);
    expect(await seriousViolations(page, 'demo en 1366 with placed activities')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/demo-placed-en-1366.png`, fullPage: true });

    // The instructor's launch of it opens the module in the frame.
    await page.getByTestId(`placed-${id}-instructor`).click();
    await page
      .frameLocator('iframe[name="lms-frame"]')
      .getByRole('heading', { name: PDPA.title.en })
      .first()
      .waitFor({ timeout: 15_000 });

    await page.getByTestId(`remove-${id}`).click();
    await page
      .getByTestId('demo-notice')
      .getByText('The activity and its gradebook column were removed.')
      .waitFor();
    expect(await placedIds(page)).not.toContain(id);
    await context.close();
  }, 120_000);
});
