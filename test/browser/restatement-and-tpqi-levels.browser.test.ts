import fs from 'node:fs';
import path from 'node:path';
import { DEMO } from '../../src/demo/demo-platform';
import { seriousViolations, formatFindings } from '../support/axe';
import { startBrowserTool, type BrowserTool } from '../support/browser';
import { launchInWindow, openInSession, type Lang } from '../support/demo-data';
import { saveScreenshot } from '../support/screenshots';

// Issue #18 items 8 and 3 in Chromium. The learner restates what an entry served from their record history
// (Thai and English, 1366 and 375 px), axe-clean, and the 70:30 chart follows.
let tool: BrowserTool;

beforeAll(async () => {
  tool = await startBrowserTool();
}, 120_000);
afterAll(async () => {
  await tool?.close();
});

/** Two imported entries of the demo learner this fiscal year: one that does not say what it served, one current. */
async function twoEntries(): Promise<number[]> {
  const rows = await tool.db.query<{ id: number }>(
    `INSERT INTO learning_entries (tenant_id, person_id, source, kind, title, category, hours, skill_hours, occurred_on,
                                   horizon)
     SELECT p.tenant_id, p.id, 'import', 'entry', x.title, 70, 4, '[{"skillSet": "DL", "hours": 4}]', current_date, x.h
       FROM people p, (VALUES ('Records from the HR system', NULL), ('Spreadsheet project', 'current')) x (title, h)
      WHERE p.platform_user_id = $1
     RETURNING id`,
    [DEMO.users.learner.sub],
  );
  return rows.map((r) => r.id);
}

describe('restating what an entry served, in Chromium', () => {
  it('when the learner chooses future work for an entry and saves, then the page says so, the chart follows, and every view is axe-clean', async () => {
    const context = await tool.browser.newContext({ viewport: { width: 1366, height: 900 } });
    try {
      const page = await launchInWindow(context, tool.base, 'learner', 'en');
      const [unstated, current] = await twoEntries();
      const findings = [];
      for (const lang of ['th', 'en'] as Lang[])
        for (const width of [1366, 375]) {
          await page.setViewportSize({ width, height: 900 });
          await openInSession(page, tool.base, `/app/progress/history?lang=${lang}`);
          await expect(page.getByTestId(`restate-${current}`).isVisible()).resolves.toBe(true);
          findings.push(
            ...(await seriousViolations(page, `learner ${lang} ${width}px /app/progress/history restate`)),
          );
          await saveScreenshot(page, `restate-${lang}-${width}-progress`);
        }

      await page.setViewportSize({ width: 1366, height: 900 });
      await openInSession(page, tool.base, '/app/progress/history?lang=en');
      const form = page.getByTestId(`restate-${unstated}`);
      await expect(form.getByLabel('This served').inputValue()).resolves.toBe('');
      await form.getByLabel('This served').selectOption('future');
      await Promise.all([page.waitForURL(/restated=1/), form.getByRole('button').click()]);
      await expect(page.getByTestId('restate-notice').textContent()).resolves.toBe(
        'Saved what that learning served: the 70:30 split counts it so now.',
      );
      await expect(
        page.getByTestId(`restate-${unstated}`).getByLabel('This served').inputValue(),
      ).resolves.toBe('future');
      findings.push(...(await seriousViolations(page, 'learner en 1366px /app/progress/history restated')));
      await saveScreenshot(page, 'restate-en-1366-history-restated');
      // The chart on the progress page, one link up the breadcrumbs, follows.
      await Promise.all([
        page.waitForURL(/\/app\/progress\?/),
        page.locator('nav.breadcrumbs a[href*="/app/progress?"]').click(),
      ]);
      const split = await page.getByTestId('progress-split').textContent();
      expect(split).toContain('future work: 4 h (50 %)');
      expect(formatFindings(findings)).toBe('');
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('the TPQI 2567 level descriptors on the self-assessment, in Chromium', () => {
  it('when the organisation chose TPQI and a learner opens each area’s levels, then they read well in Thai and English at 1366 and 375 px, axe-clean', async () => {
    const context = await tool.browser.newContext({ viewport: { width: 1366, height: 900 } });
    try {
      const admin = await launchInWindow(context, tool.base, 'admin', 'en');
      await openInSession(admin, tool.base, '/app/framework/choose?framework=tpqi-digital-government-2567');
      await Promise.all([admin.waitForURL(/\/app\/framework/), admin.getByTestId('confirm-choice').click()]);
      const page = await launchInWindow(context, tool.base, 'learner', 'en');
      const findings = [];
      for (const lang of ['th', 'en'] as Lang[])
        for (const width of [1366, 375]) {
          await page.setViewportSize({ width, height: 900 });
          await openInSession(page, tool.base, `/app/self-assessment?lang=${lang}`);
          const levels = page.getByTestId('level-descriptors');
          await expect(levels.count()).resolves.toBe(7);
          for (const summary of await levels.locator('summary').all()) await summary.click();
          await expect(page.getByTestId('descriptor-unverified').first().isVisible()).resolves.toBe(true);
          findings.push(
            ...(await seriousViolations(page, `learner ${lang} ${width}px /app/self-assessment tpqi`)),
          );
          await saveScreenshot(page, `tpqi-levels-${lang}-${width}-self-assessment`);
        }
      expect(formatFindings(findings)).toBe('');
    } finally {
      await context.close();
    }
  }, 120_000);
});

describe('importing a framework, in Chromium', () => {
  it('when an administrator imports a framework file, then the page says it is not in use yet and leads to the preview, in Thai and English at 1366 and 375 px, axe-clean', async () => {
    const context = await tool.browser.newContext({ viewport: { width: 1366, height: 900 } });
    try {
      const admin = await launchInWindow(context, tool.base, 'admin', 'en');
      const ocsc = JSON.parse(
        fs.readFileSync(
          path.join(__dirname, '../../config/frameworks/ocsc-digital-government-skills.json'),
          'utf8',
        ),
      ) as { id: string; version: string };
      await openInSession(admin, tool.base, '/app/framework?lang=en');
      await admin.locator('.import-disclosure summary').click();
      await admin.locator('#framework-file').setInputFiles({
        name: 'ocsc-copy.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify({ ...ocsc, id: 'ocsc-copy', version: '1.0.0' })),
      });
      await Promise.all([
        admin.waitForURL(/imported=ocsc-copy/),
        admin.locator('.import-disclosure button[type="submit"]').click(),
      ]);
      await expect(admin.getByTestId('framework-imported').textContent()).resolves.toContain(
        'It is not in use',
      );
      const findings = [];
      for (const lang of ['th', 'en'] as Lang[])
        for (const width of [1366, 375]) {
          await admin.setViewportSize({ width, height: 900 });
          await openInSession(admin, tool.base, `/app/framework?imported=ocsc-copy&lang=${lang}`);
          await expect(admin.getByTestId('choose-imported').isVisible()).resolves.toBe(true);
          findings.push(
            ...(await seriousViolations(admin, `admin ${lang} ${width}px /app/framework imported`)),
          );
          await saveScreenshot(admin, `framework-imported-${lang}-${width}`);
        }
      await Promise.all([
        admin.waitForURL(/\/app\/framework\/choose/),
        admin.getByTestId('choose-imported').click(),
      ]);
      await expect(admin.getByTestId('confirm-choice').isVisible()).resolves.toBe(true);
      expect(formatFindings(findings)).toBe('');
    } finally {
      await context.close();
    }
  }, 120_000);
});
