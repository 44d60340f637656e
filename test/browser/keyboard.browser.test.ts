import type { Frame, Page } from 'playwright-core';
import { t } from '../../src/i18n/i18n';
import { startBrowserTool, type BrowserTool } from '../support/browser';
import { DEMO_MODULE } from '../support/demo-data';
import { sampleModule } from '../support/module-fixtures';
import { saveScreenshot } from '../support/screenshots';

// Keyboard only (#17, item 7): the learner's journey (launch, module, quiz, progress, log learning) inside the
// demo LMS's iframe, as Moodle embeds the tool, and an instructor's approval in a new window. Only Tab,
// Shift+Tab, Enter and Space move and act (arrow keys only inside a radio group and a closed select, as the
// platform's own controls take them), and typing fills text fields. At every stop the focus must be visible (the
// element matches :focus-visible and draws an outline or a shadow) and inside the viewport of its document.
let tool: BrowserTool;

beforeAll(async () => {
  tool = await startBrowserTool();
}, 60_000);

afterAll(async () => {
  await tool?.close();
});

/** The element that has the keyboard focus, in the page or in the tool's iframe, as the tests compare it. */
interface Focus {
  /** 'top' for the page itself, else the name of the iframe the focus is in. */
  frame: string;
  tag: string;
  id: string;
  testid: string;
  text: string;
  type: string;
  /** :focus-visible with an outline or a box-shadow drawn. */
  visible: boolean;
  /** Its box lies within its document's viewport (scrolled into view). */
  inView: boolean;
}

const describeFocus = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    name: el.getAttribute('name') || '',
    id: el.id || '',
    testid: el.getAttribute('data-testid') || '',
    text: (el.textContent || el.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim().slice(0, 80),
    type: el.getAttribute('type') || '',
    visible: el.matches(':focus-visible') && (outline || shadow),
    inView: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
  };
})()`;

async function focusIn(frame: Frame, name: string): Promise<Focus | null> {
  const f = (await frame.evaluate(describeFocus)) as (Focus & { name: string }) | null;
  if (f?.tag !== 'iframe') return f && { ...f, frame: name };
  const child = frame.childFrames().find((c) => c.name() === f.name);
  return child ? focusIn(child, f.name) : f && { ...f, frame: name };
}

const focused = (page: Page) => focusIn(page.mainFrame(), 'top');

const show = (f: Focus | null) =>
  f
    ? `${f.frame}:${f.tag}${f.id ? `#${f.id}` : ''}${f.testid ? `[${f.testid}]` : ''} "${f.text}"`
    : '(nothing)';

/**
 * Presses `key` until the focus is on an element `wanted` accepts, checking at every stop that the focus is
 * visible and in view. Fails with the stops it went through when `max` presses do not get there.
 */
async function tabTo(
  page: Page,
  wanted: (f: Focus) => boolean,
  what: string,
  key: 'Tab' | 'Shift+Tab' = 'Tab',
  max = 60,
): Promise<Focus> {
  const stops: string[] = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(key);
    const f = await focused(page);
    stops.push(show(f));
    if (f && !f.visible) throw new Error(`focus not visible on ${show(f)} (after ${stops.join(' → ')})`);
    if (f && !f.inView) throw new Error(`focus out of view on ${show(f)}`);
    if (f && wanted(f)) return f;
  }
  throw new Error(`${key} did not reach ${what} in ${max} presses: ${stops.join(' → ')}`);
}

const byTestId = (id: string) => (f: Focus) => f.testid === id;

/** Waits for the tool's iframe to show an element, then returns the frame. */
async function toolFrame(page: Page, selector: string): Promise<Frame> {
  await page.frameLocator('iframe[name="lms-frame"]').locator(selector).first().waitFor({ timeout: 15_000 });
  return page.frame({ name: 'lms-frame' })!;
}

describe('keyboard only', () => {
  it('when a learner launches a module inside the LMS iframe, reads it, passes the quiz, opens progress and logs learning with the keyboard alone, then the focus is visible everywhere and lands where expected', async () => {
    const mod = sampleModule(DEMO_MODULE);
    const context = await tool.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${tool.base}/demo?lang=en`);

    // The first Tab reaches the skip link; Enter moves the reading position to the main content.
    const first = await tabTo(page, () => true, 'the first stop');
    expect(first.text).toBe(t('en', 'a11y.skip'));

    // Launch: the module placed in the course, inside the LMS's iframe.
    await tabTo(page, byTestId('module-learner'), 'the module launch');
    await page.keyboard.press('Enter');
    await toolFrame(page, '[data-testid="continue"]');

    // The module: back into the iframe (it comes before the module's launch links) to its Start button.
    await tabTo(page, byTestId('continue'), 'Start', 'Shift+Tab');
    await page.keyboard.press('Enter');
    for (let n = 1; n <= mod.pages.length; n += 1) {
      await page
        .frameLocator('iframe[name="lms-frame"]')
        .getByTestId('page-position')
        .getByText(`Page ${n} of ${mod.pages.length}`)
        .waitFor();
      // A new page in the iframe: the first Tab starts from its top, at the skip link.
      const top = await tabTo(page, () => true, 'the first stop');
      expect(top.text).toBe(t('en', 'a11y.skip'));
      await tabTo(page, byTestId(n < mod.pages.length ? 'next' : 'quiz-link'), 'the next step');
      await page.keyboard.press('Enter');
    }

    // The quiz: each question's right answer with Space (arrows within a radio group), then submit with Enter.
    await toolFrame(page, '[data-testid="submit-quiz"]');
    for (const [i, q] of mod.quiz!.questions.entries()) {
      const right = q.options.flatMap((o, j) => (o.correct ? [j] : []));
      const isRadio =
        (await page.frame({ name: 'lms-frame' })!.locator(`#q${i}-o0`).getAttribute('type')) === 'radio';
      if (isRadio) {
        await tabTo(page, (f) => f.id.startsWith(`q${i}-o`), `question ${i + 1}`);
        await page.keyboard.press('Space');
        for (let j = 0; j < right[0]!; j += 1) await page.keyboard.press('ArrowDown');
      } else {
        for (const j of right) {
          await tabTo(page, (f) => f.id === `q${i}-o${j}`, `question ${i + 1} option ${j + 1}`);
          await page.keyboard.press('Space');
        }
      }
    }
    await tabTo(page, byTestId('submit-quiz'), 'Submit answers');
    await page.keyboard.press('Enter');
    const done = await toolFrame(page, '[data-testid="completion"]');
    await expect(done.getByTestId('quiz-result').textContent()).resolves.toContain('100 %');

    // Progress, from the completion notice's link.
    await tabTo(page, (f) => f.frame === 'lms-frame' && f.text === t('en', 'nav.progress'), 'My progress');
    await page.keyboard.press('Enter');
    const progress = await toolFrame(page, '[data-testid="log-link"]');
    await progress.getByRole('heading', { name: 'My progress' }).waitFor();

    // Log learning: a select moved with the arrow keys, text typed, submitted with Enter.
    await tabTo(page, byTestId('log-link'), 'Log learning');
    await page.keyboard.press('Enter');
    await toolFrame(page, '[data-testid="submit-record"]');
    await tabTo(page, (f) => f.id === 'activityType', 'Activity type');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, (f) => f.id === 'title', 'Title');
    await page.keyboard.type('Mail merge with a colleague');
    await tabTo(page, (f) => f.id === 'hours', 'Hours');
    await page.keyboard.type('2');
    await tabTo(page, (f) => f.id === 'skill-DL', 'the DL skill set');
    await page.keyboard.type('2');
    await tabTo(page, byTestId('submit-record'), 'Submit');
    await page.keyboard.press('Enter');
    const logged = await toolFrame(page, '[data-testid="logged"]');
    await expect(logged.getByTestId('logged').isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'keyboard-learner-logged-en-1366');
    await context.close();
  }, 120_000);

  it('when an instructor launches in a new window and approves a pending activity with the keyboard alone, then the focus is visible everywhere and the entry is approved', async () => {
    // A pending activity of the demo learner, logged through the form (not the subject of this test).
    const title = 'ฝึกใช้ตารางสรุปข้อมูลกับพี่เลี้ยง';
    const setup = await tool.browser.newContext();
    const demo = await setup.newPage();
    await demo.goto(`${tool.base}/demo?lang=th`);
    const [learner] = await Promise.all([
      setup.waitForEvent('page'),
      demo.getByTestId('launch-learner-window').click(),
    ]);
    await learner.getByTestId('log-link').click();
    await learner.locator('#activityType').selectOption('coaching');
    await learner.locator('#title').fill(title);
    await learner.locator('#hours').fill('3');
    await learner.locator('#skill-DL').fill('3');
    await learner.getByTestId('submit-record').click();
    await learner.getByTestId('logged').waitFor();
    await setup.close();

    const context = await tool.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${tool.base}/demo?lang=th`);
    await tabTo(page, byTestId('launch-instructor-window'), 'the instructor launch in a new window');
    const [win] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')]);
    await win.getByTestId('approvals-link').waitFor({ timeout: 15_000 });
    await win.bringToFront();

    await tabTo(win, byTestId('approvals-link'), 'Approvals');
    await win.keyboard.press('Enter');
    await win.getByTestId('approve').waitFor();
    // The activity's own checkbox (the learner's journey above may have left another one waiting).
    const entry = await win.locator('tr[data-entry]', { hasText: title }).getAttribute('data-entry');
    await tabTo(win, (f) => f.id === `entry-${entry}`, 'the pending entry');
    await win.keyboard.press('Space');
    await expect(win.locator(`#entry-${entry}`).isChecked()).resolves.toBe(true);
    await tabTo(win, byTestId('approve'), 'Approve');
    await win.keyboard.press('Enter');
    await win.getByTestId('notice').waitFor();
    await expect(win.locator(`tr[data-entry="${entry}"]`).count()).resolves.toBe(0);
    await saveScreenshot(win, 'keyboard-instructor-approved-th-1366');
    await context.close();
  }, 120_000);
});
