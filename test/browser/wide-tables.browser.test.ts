import { seriousViolations, formatFindings } from '../support/axe';
import { startBrowserTool, type BrowserTool } from '../support/browser';
import { launchInWindow, openInSession, seedDemoCourse, type Lang } from '../support/demo-data';
import { saveScreenshot } from '../support/screenshots';

// A reviewer's findings (session 10): the audit log scrolled sideways to 1,687 px on a phone and cut its
// Details column off in a scroll box on a desktop; the organisation report's per-skill-set table was wider than
// its card at 1366 px in English ("Other" cut to "Ot") with headers wrapping to ten lines. Each table must fit its
// card on a desktop, and the page must not scroll sideways on a phone, in Thai and English.
let tool: BrowserTool;

const LONG_DETAILS = {
  title: 'A snapshot for the committee meeting of December with a long title that goes on and on',
  sha256: 'f'.repeat(64),
  asOf: '2026-12-07',
  entryIds: Array.from({ length: 30 }, (_, i) => 1000 + i),
  before: { hours: 1.5, category: '70' },
  after: { hours: 2, category: '20' },
  keysetUrl: 'https://moodle.example.go.th/mod/lti/certs.php?with=a-very-long-query-string-without-spaces',
};

beforeAll(async () => {
  tool = await startBrowserTool();
  await seedDemoCourse(tool, { entries: 40 });
  // A row with long details, written by the administrator as the stores write them.
  await tool.db.query(
    `INSERT INTO audit_log (tenant_id, action, actor_kind, actor_person_id, issuer, deployment_id, subject, details)
     SELECT tenant_id, 'report.snapshot_taken', 'person', id, 'https://moodle.example.go.th', '1', 'snapshot 99', $1
       FROM people ORDER BY id DESC LIMIT 1`,
    [JSON.stringify(LONG_DETAILS)],
  );
}, 180_000);

afterAll(async () => {
  await tool?.close();
});

/** Tables wider than the box they sit in (their card, or a scroll box), by test id, with both widths. */
const tooWide = (page: import('playwright-core').Page) =>
  page.locator('main table').evaluateAll((tables) =>
    tables
      .map((t) => {
        const box = t.parentElement!;
        return { table: t.getAttribute('data-testid') ?? '', width: t.scrollWidth, box: box.clientWidth };
      })
      .filter((w) => w.width > w.box),
  );

const sideways = (page: import('playwright-core').Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

const PAGES = [
  ['audit', '/app/organisation/audit'],
  ['organisation', '/app/organisation'],
] as const;

describe('wide tables fit on a desktop and stack on a phone', () => {
  for (const lang of ['th', 'en'] as Lang[])
    for (const [name, path] of PAGES)
      it(`when an administrator opens the ${name} page (${lang}), then no table is wider than its box at 1366 px and nothing scrolls sideways at 375 px`, async () => {
        const context = await tool.browser.newContext({ viewport: { width: 1366, height: 900 } });
        try {
          const page = await launchInWindow(context, tool.base, 'admin', lang);
          await openInSession(page, tool.base, `${path}?lang=${lang}`);
          await saveScreenshot(page, `wide-tables-${name}-${lang}-1366`);
          const findings = await seriousViolations(page, `admin ${lang} 1366px ${path}`);
          expect({ tooWide: await tooWide(page), sideways: await sideways(page) }).toEqual({
            tooWide: [],
            sideways: 0,
          });
          await page.setViewportSize({ width: 375, height: 740 });
          await openInSession(page, tool.base, `${path}?lang=${lang}`);
          await saveScreenshot(page, `wide-tables-${name}-${lang}-375`);
          findings.push(...(await seriousViolations(page, `admin ${lang} 375px ${path}`)));
          expect(await sideways(page)).toBe(0);
          expect(formatFindings(findings)).toBe('');
        } finally {
          await context.close();
        }
      }, 120_000);

  it('when the audit log is shown, then the long row lists its details in words, not JSON', async () => {
    const context = await tool.browser.newContext({ viewport: { width: 1366, height: 900 } });
    try {
      const page = await launchInWindow(context, tool.base, 'admin', 'th');
      await openInSession(page, tool.base, '/app/organisation/audit?lang=th');
      const details = page.locator('tr', { hasText: 'snapshot 99' }).getByTestId('audit-details');
      await expect(details.textContent()).resolves.toContain('ข้อมูล ณ วันที่: 7 ธันวาคม 2569');
      await expect(details.textContent()).resolves.not.toContain('{');
    } finally {
      await context.close();
    }
  }, 120_000);
});
