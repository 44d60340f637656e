import type { Browser } from 'playwright-core';
import type { ModuleContent } from '../../src/domain/catalogue/learning-module';
import { startBrowserTool, type BrowserTool } from '../support/browser';
import type { Database } from '../../src/db/database';
import { sampleModule } from '../support/module-fixtures';

// An administrator opens a shipped module in the authoring form inside the demo LMS's iframe and saves it without
// touching anything: Chromium parses and posts the form itself, so what the browser does to textareas counts.
let tool: BrowserTool;
let db: Database;
let browser: Browser;
let base: string;

beforeAll(async () => {
  tool = await startBrowserTool();
  ({ base, db, browser } = tool);
}, 60_000);

afterAll(async () => {
  await tool?.close();
});

const versions = (slug: string) =>
  db.query<{ version: number; content: ModuleContent }>(
    `SELECT v.version, v.content FROM module_versions v JOIN modules m ON m.id = v.module_id
      WHERE m.slug = $1 ORDER BY v.version`,
    [slug],
  );

describe('authoring in Chromium', () => {
  it('when an administrator opens a shipped module, previews it and saves it without changes, then no version is added and every page reads as before', async () => {
    const slug = 'dg-pdpa-for-officials';
    const file = sampleModule(slug) as unknown as ModuleContent;
    const page = await browser.newPage();
    await page.goto(`${base}/demo?lang=th`);
    await page.getByTestId('launch-admin').click();
    const frame = page.frameLocator('iframe[name="lms-frame"]');
    await frame.getByTestId('catalogue-link').click();
    await frame.getByTestId(`edit-${slug}`).click();
    // What the browser holds in each textarea is the module's text, not the template's indentation.
    const body = frame.locator('[name="page.0.body.th"]');
    await expect(body.inputValue()).resolves.toBe(file.pages[0]!.body.th);
    const before = await versions(slug);
    expect(before).toHaveLength(1);

    await frame.getByRole('button', { name: 'ดูตัวอย่าง' }).click();
    await frame.getByTestId('preview').first().waitFor();
    // The preview shows headings and bold text, not one code block of indented lines.
    await expect(frame.getByTestId('preview').first().locator('pre').count()).resolves.toBe(0);
    await expect(frame.getByTestId('preview').first().locator('h2').count()).resolves.toBeGreaterThan(0);
    await expect(body.inputValue()).resolves.toBe(file.pages[0]!.body.th);

    await frame.getByTestId('publish').click();
    await frame.getByTestId('saved').waitFor();
    await expect(frame.getByTestId('saved').getAttribute('data-unchanged')).resolves.toBe('true');
    await expect(frame.getByTestId('saved').textContent()).resolves.toContain('ยังเป็นฉบับที่ 1');
    const after = await versions(slug);
    expect(after).toEqual(before);
    expect(after[0]!.content.pages).toEqual(file.pages);
    await page.screenshot({ path: '/tmp/digiskill-authoring-unchanged-th.png', fullPage: true });
    await page.close();
  });
});
