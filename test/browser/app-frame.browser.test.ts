import type { Browser, Page } from 'playwright-core';
import { startBrowserTool, type BrowserTool } from '../support/browser';

// The app frame in Chromium: the iframe's height told to the LMS, and the navigation folded behind a button on a
// phone. The demo LMS page frames the tool as Moodle's "Embed" does.
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

// Page scripts are strings: the tests are type-checked without the DOM's types.
/** Collects the lti.frameResize messages the demo page receives from its iframe. */
const recordResizeMessages = (page: Page) =>
  page.evaluate(`(() => {
    window.resizes = [];
    window.addEventListener('message', (event) => {
      const data = event.data;
      if (data && data.subject === 'lti.frameResize' && typeof data.height === 'number') window.resizes.push(data.height);
    });
  })()`);
const resizes = (page: Page) => page.evaluate<number[]>('window.resizes');
const announced = (page: Page, height: number) => page.waitForFunction(`window.resizes.includes(${height})`);
const bodyHeight = 'Math.ceil(document.body.getBoundingClientRect().height)';

describe('the app frame in Chromium', () => {
  it('when the tool is framed by the LMS, then it posts lti.frameResize with its height, again when the height changes', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    await page.goto(`${base}/demo?lang=en`);
    await recordResizeMessages(page);
    await page.getByTestId('launch-learner').click();
    const frame = page.frameLocator('iframe[name="lms-frame"]');
    await frame.getByTestId('role').waitFor({ timeout: 15_000 });
    const inner = page.frames().find((f) => f.name() === 'lms-frame')!;
    const height = () => inner.evaluate<number>(bodyHeight);
    await announced(page, await height());
    // A taller page (the progress page) is announced once it is shown.
    await frame.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'My progress' }).click();
    await frame.getByRole('heading', { level: 1, name: 'My progress' }).waitFor();
    const progress = await height();
    await announced(page, progress);
    expect((await resizes(page)).at(-1)).toBe(progress);
    await page.close();
  });

  it('when the tool has a window of its own, then it posts nothing', async () => {
    const context = await browser.newContext();
    // Every page of the context records the messages it receives, from its first script on.
    await context.addInitScript({
      content: `window.received = []; window.addEventListener('message', (event) => window.received.push(event.data));`,
    });
    const page = await context.newPage();
    await page.goto(`${base}/demo?lang=en`);
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByTestId('launch-learner-window').click(),
    ]);
    await popup.getByTestId('role').waitFor({ timeout: 15_000 });
    await popup.waitForLoadState('load');
    await popup.setViewportSize({ width: 800, height: 600 });
    await popup.evaluate(
      'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))',
    );
    expect(await popup.evaluate<boolean>("document.documentElement.classList.contains('js')")).toBe(true);
    const received = (p: Page) => p.evaluate<unknown[]>('window.received');
    expect(await received(popup)).toEqual([]);
    expect(await received(page)).toEqual([]);
    await context.close();
  });

  it('when a phone user opens the menu by keyboard, then the navigation shows, marks the page, and Escape folds it back', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${base}/demo?lang=th`);
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByTestId('launch-learner-window').click(),
    ]);
    await popup.setViewportSize({ width: 375, height: 740 });
    await popup.getByTestId('role').waitFor({ timeout: 15_000 });
    const toggle = popup.getByRole('button', { name: 'เมนู' });
    const nav = popup.getByRole('navigation', { name: 'เมนู' });
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(nav.isVisible()).resolves.toBe(false);
    await toggle.focus();
    await popup.keyboard.press('Enter');
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(nav.isVisible()).resolves.toBe(true);
    await expect(nav.getByRole('link', { name: 'หน้าหลัก' }).getAttribute('aria-current')).resolves.toBe(
      'page',
    );
    await popup.screenshot({ path: '/tmp/digiskill-frame-menu-th-phone.png' });
    // Nothing on the page scrolls sideways.
    expect(await popup.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await popup.keyboard.press('Tab');
    await popup.keyboard.press('Escape');
    await expect(nav.isVisible()).resolves.toBe(false);
    await expect(popup.evaluate("document.activeElement.classList.contains('nav-toggle')")).resolves.toBe(
      true,
    );
    await context.close();
  });
});
