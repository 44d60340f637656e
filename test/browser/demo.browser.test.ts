import type { Browser } from 'playwright-core';
import { startBrowserTool, type BrowserTool } from '../support/browser';
import { sampleModule } from '../support/module-fixtures';

// The newcomer's path in a real browser: the demo LMS page launches the tool through the full LTI 1.3 flow
// (login initiation, the demo platform's signed id_token, the form post, the ltik redirect) inside an iframe.
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

describe('demo LMS page in Chromium', () => {
  it('when a visitor launches as a learner inside the page, then the tool greets the learner in English', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/demo?lang=en`);
    await page.getByTestId('launch-learner').click();
    const frame = page.frameLocator('iframe[name="lms-frame"]');
    await frame.getByRole('heading', { name: 'Hello, สมชาย ใจดี' }).waitFor({ timeout: 15_000 });
    await expect(frame.getByTestId('role').textContent()).resolves.toBe('Learner');
    await expect(frame.getByTestId('course').textContent()).resolves.toBe(
      'Demo course: Digital skills for civil servants',
    );
    await page.screenshot({ path: '/tmp/digiskill-demo-learner-en.png', fullPage: true });
    await page.close();
  });

  it('when a visitor launches as an instructor in Thai, in a new window, then the tool greets the instructor in Thai', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/demo?lang=th`);
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByTestId('launch-instructor-window').click(),
    ]);
    await popup.getByRole('heading', { name: 'สวัสดี คุณมาลี ศรีสุข' }).waitFor({ timeout: 15_000 });
    await expect(popup.getByTestId('role').textContent()).resolves.toBe('ผู้สอน');
    expect(await popup.locator('html').getAttribute('lang')).toBe('th');
    await popup.setViewportSize({ width: 375, height: 700 });
    await popup.screenshot({ path: '/tmp/digiskill-demo-instructor-th-phone.png', fullPage: true });
    await context.close();
  });

  it('when a learner takes the placed module in the iframe (Thai), then pages, quiz and completion work and the demo gradebook gets the score', async () => {
    const mod = sampleModule('dl-computer-basics');
    const page = await browser.newPage();
    await page.goto(`${base}/demo?lang=th`);
    await page.getByTestId('module-learner').click();
    const frame = page.frameLocator('iframe[name="lms-frame"]');
    await frame.getByTestId('continue').click();
    for (let i = 1; i < mod.pages.length; i += 1) {
      await frame.getByTestId('page-position').getByText(`หน้า ${i} จาก ${mod.pages.length}`).waitFor();
      await frame.getByTestId('next').click();
    }
    await frame.getByTestId('quiz-link').click();
    const questions = mod.quiz!.questions;
    for (const [i, q] of questions.entries()) {
      for (const [j, o] of q.options.entries()) if (o.correct) await frame.locator(`#q${i}-o${j}`).check();
    }
    await frame.getByTestId('submit-quiz').click();
    await frame.getByTestId('quiz-result').getByText('100 %').waitFor();
    await frame.getByTestId('completion').waitFor();
    await page.screenshot({ path: '/tmp/digiskill-player-th.png', fullPage: true });

    // The learner's progress page, in the frame: the completion counts (70) with Buddhist-era dates.
    await frame.getByRole('link', { name: 'ดูความก้าวหน้าของฉัน' }).click();
    await frame.getByRole('heading', { name: 'ความก้าวหน้าของฉัน' }).waitFor();
    await expect(frame.locator('#mix-desc').textContent()).resolves.toContain('ของฉัน 100 %');
    // Its history, a page of its own one link away.
    await frame.getByTestId('history-link').click();
    await frame.getByRole('heading', { name: 'ประวัติการเรียนรู้' }).waitFor();
    await expect(frame.locator('tr[data-status="approved"]').count()).resolves.toBe(1);
    // The completion is dated in Bangkok: from 17:00 UTC on 31 December that is already the next year.
    const year = Number(
      new Intl.DateTimeFormat('en-u-ca-buddhist', { year: 'numeric', timeZone: 'Asia/Bangkok' })
        .format(new Date())
        .replace(/\D/g, ''),
    );
    await expect(frame.locator('table.history').textContent()).resolves.toContain(String(year));

    // The grade reaches the demo LMS through AGS: the worker delivers what is due (no polling, no sleep).
    await tool.app.grades.drain();
    await page.goto(`${base}/demo?lang=th`);
    await expect(page.getByTestId('gradebook').textContent()).resolves.toContain('100 / 100');
    await expect(page.getByTestId('gradebook').textContent()).resolves.toContain('ทำเสร็จแล้ว, ให้คะแนนครบแล้ว');
    await page.close();
  });

  it('when a learner opens the progress page in English on a phone-width screen, then it fits and the chart has a text equivalent', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await page.goto(`${base}/demo?lang=en`);
    await page.getByTestId('launch-learner').click();
    const frame = page.frameLocator('iframe[name="lms-frame"]');
    await frame.getByTestId('progress-link').click();
    await frame.getByRole('heading', { name: 'My progress' }).waitFor();
    await frame.getByLabel('Target group', { exact: true }).selectOption('SERV');
    await frame.getByLabel('Stage', { exact: true }).selectOption('DEVELOPING');
    await frame.getByRole('button', { name: 'Save' }).click();
    await frame.getByText('Target hours are the tool').waitFor();
    await frame
      .locator('li[data-skill-set="DL"]')
      .getByText(/of 18 h/)
      .waitFor();
    const figure = frame.locator('svg[role="img"]');
    await expect(figure.getAttribute('aria-labelledby')).resolves.toBe('mix-title mix-desc');
    // Nothing overflows the frame horizontally.
    const overflow = await frame.locator('body').evaluate((b) => b.scrollWidth - b.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/digiskill-progress-en-phone.png', fullPage: true });
    await page.close();
  });

  it('when a learner writes a development plan in Thai on a phone-width screen, then an error shows next to its field, the plan saves and the page fits', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await page.goto(`${base}/demo?lang=th`);
    await page.getByTestId('launch-learner').click();
    const frame = page.frameLocator('iframe[name="lms-frame"]');
    await frame.getByTestId('plan-link').click();
    await frame.getByRole('heading', { name: 'แผนพัฒนารายบุคคล (IDP)' }).waitFor();
    const dl = frame.locator('fieldset[data-skill-set="DL"]');
    await dl.locator('input[name="plan.DL.h70"]').fill('6.1');
    await dl.locator('input[name="plan.DL.a70"]').fill('ทำรายงานงบประมาณด้วยสเปรดชีต');
    await frame.getByTestId('plan-submit').click();
    await frame.locator('#h-DL-70-error').getByText('ชั่วโมงต้องเป็นตัวเลข 0 ถึง 500 ทีละ 0.25').waitFor();
    await expect(dl.locator('input[name="plan.DL.a70"]').inputValue()).resolves.toBe(
      'ทำรายงานงบประมาณด้วยสเปรดชีต',
    );
    await dl.locator('input[name="plan.DL.h70"]').fill('6');
    await frame.getByTestId('plan-submit').click();
    await frame.getByTestId('plan-saved').waitFor();
    await frame.getByTestId('plan-status').getByText('รอผู้บังคับบัญชาพิจารณา').waitFor();
    await frame.getByTestId('plan-comparison').waitFor();
    const overflow = await frame.locator('body').evaluate((b) => b.scrollWidth - b.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/digiskill-plan-th-phone.png', fullPage: true });
    await page.close();
  });

  it('when an administrator creates a module in the iframe, then a validation error shows next to the field, and once fixed the module is published', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/demo?lang=en`);
    // Writing modules is for administrators and content managers; the demo's instructor only browses and places.
    await page.getByTestId('launch-admin').click();
    const frame = page.frameLocator('iframe[name="lms-frame"]');
    await frame.getByTestId('catalogue-link').click();
    await frame.getByTestId('new-module').click();
    await frame.locator('[name="title.th"]').fill('แบบฟอร์มออนไลน์');
    await frame.locator('[name="title.en"]').fill('Online forms');
    await frame.locator('[name="summary.th"]').fill('สร้างแบบฟอร์มรับข้อมูล');
    await frame.locator('[name="summary.en"]').fill('Build a form that collects data');
    await frame.locator('[name="hours"]').fill('1');
    await frame.locator('[name="page.0.title.th"]').fill('เริ่มต้น');
    await frame.locator('[name="page.0.title.en"]').fill('Getting started');
    await frame.locator('[name="page.0.body.th"]').fill('สร้างฟอร์มใหม่');
    await frame.locator('[name="page.0.body.en"]').fill('Create a new form');
    await frame.locator('[name="map.DL.DL-COLLAB"]').fill('3');
    await frame.getByTestId('publish').click();
    await frame.getByTestId('error-summary').waitFor();
    await expect(frame.getByTestId('error-summary').textContent()).resolves.toContain(
      'Skill-set hours add up to 3',
    );
    await expect(frame.locator('[name="title.en"]').inputValue()).resolves.toBe('Online forms');
    await page.screenshot({ path: '/tmp/digiskill-authoring-error-en.png', fullPage: true });
    await frame.locator('[name="map.DL.DL-COLLAB"]').fill('1');
    await frame.getByTestId('publish').click();
    await frame.getByTestId('saved').waitFor();
    await expect(frame.getByTestId('saved').textContent()).resolves.toContain('online-forms');
    await page.close();
  });
});
