import http from 'node:http';
import net from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrowserTool, type BrowserTool } from '../support/browser';
import { sampleModule } from '../support/module-fixtures';

// The Content-Security-Policy in a real browser: the tool keeps working inside the demo LMS's frame with no
// violation reported, an inline script injected into a tool page does not run, and a site that is not a
// registered platform cannot frame the tool.
let tool: BrowserTool;
let browser: Browser;
let base: string;
let stranger: http.Server;
let strangerBase: string;

beforeAll(async () => {
  tool = await startBrowserTool();
  ({ base, browser } = tool);
  // A site that is not a registered platform, framing the demo LMS page and the tool.
  stranger = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(`<!doctype html><iframe name="tool" src="${base}/demo?lang=en"></iframe>`);
  });
  await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
  strangerBase = `http://127.0.0.1:${(stranger.address() as net.AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => stranger?.close(resolve));
  await tool?.close();
});

interface Watched {
  context: BrowserContext;
  page: Page;
  /** CSP violations reported in any frame: the securitypolicyviolation event and Chromium's console errors. */
  violations: string[];
}

/** A page whose every frame reports CSP violations (the watcher is injected by the browser, outside any CSP). */
async function watchedPage(): Promise<Watched> {
  const context = await browser.newContext();
  await context.addInitScript(`
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error('securitypolicyviolation ' + e.violatedDirective + ' ' + e.blockedURI);
    });
    // The print dialog would hold a headless page: record the call instead.
    window.print = () => {
      document.documentElement.dataset.printed = 'yes';
    };
  `);
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/securitypolicyviolation|Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return { context, page, violations };
}

/** Resolves once a violation matching pattern has been reported (now or later). */
function reported(w: Watched, pattern: RegExp): Promise<void> {
  if (w.violations.some((v) => pattern.test(v))) return Promise.resolve();
  return w.page.waitForEvent('console', { predicate: (m) => pattern.test(m.text()) }).then(() => undefined);
}

describe('Content-Security-Policy in Chromium', () => {
  it('when a learner works in the demo LMS frame (launch, language switch, module, quiz, print), then nothing is blocked', async () => {
    const { context, page, violations } = await watchedPage();
    await page.goto(`${base}/demo?lang=en`);
    await page.getByTestId('launch-learner').click();
    const frame = page.frameLocator('iframe[name="lms-frame"]');
    await frame.getByRole('heading', { name: 'Hello, สมชาย ใจดี' }).waitFor({ timeout: 15_000 });
    // The language switch in the tool's top bar, inside the frame.
    await frame.locator('header a.lang').click();
    await frame.getByRole('heading', { name: 'สวัสดี คุณสมชาย ใจดี' }).waitFor();

    // The placed module: the launch goes through the demo LMS's auto-posting form (static/auto-submit.js).
    const mod = sampleModule('dl-computer-basics');
    await page.getByTestId('module-learner').click();
    await frame.getByTestId('continue').click();
    // Each page is waited for before "next": a click on a page still being left would be lost.
    for (let i = 1; i < mod.pages.length; i += 1) {
      const n = mod.pages.length;
      await frame
        .getByTestId('page-position')
        .getByText(new RegExp(`Page ${i} of ${n}|หน้า ${i} จาก ${n}`))
        .waitFor();
      await frame.getByTestId('next').click();
    }
    await frame.getByTestId('quiz-link').click();
    for (const [i, q] of mod.quiz!.questions.entries())
      for (const [j, o] of q.options.entries()) if (o.correct) await frame.locator(`#q${i}-o${j}`).check();
    await frame.getByTestId('submit-quiz').click();
    await frame.getByTestId('completion').waitFor();

    // The self-assessment's print button (static/print.js instead of onclick).
    // A new launch follows the LMS's language (the demo LMS is in English); the switch lasted one session.
    await page.getByTestId('launch-learner').click();
    await frame.getByRole('heading', { name: 'Hello, สมชาย ใจดี' }).waitFor();
    await frame.getByTestId('progress-link').click();
    await frame.getByTestId('self-assessment-link').click();
    // The progress page has its own select#group: wait for the self-assessment's form before choosing.
    await frame.getByTestId('submit-self-assessment').waitFor();
    await frame.locator('select#group').selectOption('SERV');
    await frame.locator('select#stage').selectOption('DEVELOPING');
    const ratings = frame.locator('fieldset.rating input[value="1"]');
    for (let i = 0; i < (await ratings.count()); i += 1) await ratings.nth(i).check();
    await frame.getByTestId('submit-self-assessment').click();
    await frame.getByTestId('self-assessment-result').waitFor();
    await frame.locator('button[data-print]').click();
    await expect(frame.locator('html').getAttribute('data-printed')).resolves.toBe('yes');

    expect(violations).toEqual([]);
    await context.close();
  }, 90_000);

  it('when a script is injected into a tool page, then neither an inline script nor an inline handler runs', async () => {
    const watched = await watchedPage();
    const { context, page } = watched;
    await page.goto(`${base}/demo?lang=en`);
    await page.getByTestId('launch-learner').click();
    const frameLocator = page.frameLocator('iframe[name="lms-frame"]');
    await frameLocator.getByTestId('progress-link').waitFor({ timeout: 15_000 });
    const frame = page.frame({ name: 'lms-frame' })!;
    expect(frame.url()).toContain('/app/home?ltik=');

    // An allowed inline script would run as it is inserted, and an allowed onclick as the button is clicked.
    const ran = await frame.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = "window.injected = 'inline script'";
      document.body.appendChild(script);
      const holder = document.createElement('div');
      holder.innerHTML = '<button type="button" onclick="window.injected = \\'handler\\'">x</button>';
      document.body.appendChild(holder);
      holder.querySelector('button').click();
      return window.injected ?? 'nothing';
    })()`);
    expect(ran).toBe('nothing');
    await reported(watched, /securitypolicyviolation script-src-elem inline/);
    await reported(watched, /securitypolicyviolation script-src-attr inline/);
    await context.close();
  });

  it('when a site that is not a registered platform frames the tool, then the browser refuses to show it', async () => {
    const watched = await watchedPage();
    const { context, page } = watched;
    const refused = reported(watched, /frame-ancestors/);
    await page.goto(strangerBase);
    await refused;
    const framed = page.frame({ name: 'tool' });
    // Chromium replaces a refused frame's document: the demo page never renders in it.
    await expect(framed?.locator('[data-testid="launch-learner"]').count()).resolves.toBe(0);
    await context.close();
  });
});
