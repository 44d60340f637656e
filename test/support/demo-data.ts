import type { BrowserContext, Page } from 'playwright-core';
import { DEMO, type DemoRole } from '../../src/demo/demo-platform';
import type { BrowserTool } from './browser';
import { sampleModule } from './module-fixtures';

/**
 * The demo course with data in it, as the accessibility gate, the keyboard pass and the README's screenshots
 * need it: the demo learner has a target, a year of records (most approved, some rejected), two logged
 * activities waiting for the instructor's approval, a development plan waiting for review, a self-assessment
 * and a completed module. Everything a person would type goes through the pages themselves (a real launch,
 * real forms); only the year of history is written straight into the database, as the benchmark does.
 */

export type Lang = 'th' | 'en';

/** The module placed in the demo course. */
export const DEMO_MODULE = DEMO.moduleLink.module;

/** Launches a demo person from the demo LMS in a new window (Moodle's "New window" container), on its home page. */
export async function launchInWindow(
  context: BrowserContext,
  base: string,
  role: DemoRole,
  lang: Lang,
): Promise<Page> {
  const demo = await context.newPage();
  await demo.goto(`${base}/demo?lang=${lang}`);
  const [page] = await Promise.all([
    context.waitForEvent('page'),
    demo.getByTestId(`launch-${role}-window`).click(),
  ]);
  await page.waitForLoadState();
  await page.locator('main').waitFor({ timeout: 15_000 });
  await demo.close();
  return page;
}

/** The session token (ltik) of the page's current URL. */
export const ltikOf = (page: Page) => new URL(page.url()).searchParams.get('ltik') ?? '';

/** A path of the tool in the page's session (its ltik appended). */
export function inSession(page: Page, base: string, path: string): string {
  return `${base}${path}${path.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(ltikOf(page))}`;
}

/** Opens a path of the tool in the page's session. */
export async function openInSession(page: Page, base: string, path: string): Promise<void> {
  await page.goto(inSession(page, base, path));
}

/** A small PDF, as a learner attaches a certificate to what they log. */
export const EVIDENCE_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

/**
 * Logs one activity through the log-learning form (English labels), with an evidence file when one is given; it
 * waits for the instructor's approval.
 */
async function logActivity(
  page: Page,
  base: string,
  title: string,
  hours: string,
  evidence?: { name: string; buffer: Buffer },
): Promise<void> {
  await openInSession(page, base, '/app/record/new');
  await page.getByLabel('Activity type').selectOption('coaching');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Hours', { exact: true }).fill(hours);
  await page.locator('#skill-DL').fill(hours);
  if (evidence)
    await page.locator('#evidenceFile').setInputFiles({ ...evidence, mimeType: 'application/pdf' });
  await page.getByTestId('submit-record').click();
  await page.getByTestId('logged').waitFor();
}

/** Takes the placed module from its overview through every page and passes its quiz. */
async function completeModule(page: Page, base: string): Promise<void> {
  const mod = sampleModule(DEMO_MODULE);
  await openInSession(page, base, `/app/modules/${DEMO_MODULE}`);
  await page.getByTestId('continue').click();
  for (let i = 1; i < mod.pages.length; i += 1) await page.getByTestId('next').click();
  await page.getByTestId('quiz-link').click();
  for (const [i, q] of mod.quiz!.questions.entries())
    for (const [j, o] of q.options.entries()) if (o.correct) await page.locator(`#q${i}-o${j}`).check();
  await page.getByTestId('submit-quiz').click();
  await page.getByTestId('completion').waitFor();
}

/** What the demo learner puts in through the pages: target, plan, self-assessment, module, two pending activities. */
async function learnerTypesIn(page: Page, base: string): Promise<void> {
  await openInSession(page, base, '/app/progress');
  await page.getByLabel('Target group', { exact: true }).selectOption('SERV');
  await page.getByLabel('Stage', { exact: true }).selectOption('DEVELOPING');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Target hours are the tool').waitFor();

  await openInSession(page, base, '/app/self-assessment');
  await page.locator('#group').selectOption('SERV');
  await page.locator('#stage').selectOption('DEVELOPING');
  const ratings = page.locator('fieldset.rating');
  const count = await ratings.count();
  for (let i = 0; i < count; i += 1)
    await ratings
      .nth(i)
      .locator('input[type="radio"]')
      .nth(i % 3)
      .check();
  await page.getByTestId('submit-self-assessment').click();
  await page.getByTestId('self-assessment-result').waitFor();

  await openInSession(page, base, '/app/plan');
  const dl = page.locator('fieldset[data-skill-set="DL"]');
  await dl.locator('input[name="plan.DL.h70"]').fill('6');
  await dl.locator('input[name="plan.DL.a70"]').fill('Budget reports with a spreadsheet');
  await dl.locator('input[name="plan.DL.h20"]').fill('2');
  await dl.locator('input[name="plan.DL.a20"]').fill('Coaching from the finance lead');
  await page.getByTestId('plan-submit').click();
  await page.getByTestId('plan-saved').waitFor();

  await completeModule(page, base);
  await logActivity(page, base, 'Pivot tables with my mentor', '3', {
    name: 'ใบรับรองการอบรม Pivot tables.pdf',
    buffer: EVIDENCE_PDF,
  });
  await logActivity(page, base, 'Shadowing the e-service desk', '2.5');
}

/**
 * A year of history for the demo learner (the 365 days before `today`): `entries` logged activities and imports
 * over all three categories and seven skill sets, 80 % approved and 10 % rejected by the instructor (the rest of
 * the logged ones are imports, which need no approval).
 */
async function seedYearOfRecords(tool: BrowserTool, today: Date, entries: number): Promise<void> {
  const [ids] = await tool.db.query<{
    tenant_id: number;
    learner: number;
    instructor: number;
    context: number;
  }>(
    `SELECT l.tenant_id, l.id AS learner, i.id AS instructor,
            (SELECT c.id FROM contexts c WHERE c.tenant_id = l.tenant_id AND c.context_id = $3) AS context
       FROM people l JOIN people i ON i.tenant_id = l.tenant_id AND i.platform_user_id = $2
      WHERE l.platform_user_id = $1`,
    [DEMO.users.learner.sub, DEMO.users.instructor.sub, DEMO.course.id],
  );
  if (!ids) throw new Error('launch the demo learner and instructor before seeding their course');
  const types = ['on-the-job', 'mentoring', 'workshop', 'self-study', 'coaching', 'classroom'];
  const cats = [70, 20, 10, 70, 20, 10];
  const skills = ['DL', 'DG', 'DT', 'DPS', 'PSM', 'DLD', 'DTF'];
  const rows: string[] = [];
  const params: unknown[] = [ids.tenant_id, ids.learner, ids.context];
  for (let i = 0; i < entries; i += 1) {
    const day = new Date(today.getTime() - (365 - Math.floor((i * 364) / entries)) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const k = i % types.length;
    const hours = 1 + (i % 4) * 0.5;
    const source = i % 10 === 9 ? 'import' : 'activity';
    params.push(
      source,
      source === 'activity' ? types[k] : null,
      `${types[k]} ${i + 1}`,
      cats[k],
      hours,
      JSON.stringify([{ skillSet: skills[i % skills.length], hours }]),
      day,
      // 70:30: most serve today's work, one in four the future, imports do not say; training has a lecture share
      // (every third one over 60 %).
      source === 'import' ? null : i % 4 === 3 ? 'future' : 'current',
      cats[k] === 10 && source === 'activity' ? [40, 55, 80][Math.floor(i / 6) % 3] : null,
    );
    const b = params.length - 8;
    rows.push(
      `($1, $2, $3, $${b}, 'entry', $${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}::jsonb, $${b + 6}, $2, $${b + 7}, $${b + 8}::smallint)`,
    );
  }
  const inserted = await tool.db.query<{ id: number; source: string }>(
    `INSERT INTO learning_entries (tenant_id, person_id, context_id, source, kind, activity_type, title, category, hours,
                                   skill_hours, occurred_on, recorded_by, horizon, lecture_share)
     VALUES ${rows.join(', ')} RETURNING id, source`,
    params,
  );
  const activities = inserted.filter((r) => r.source === 'activity').map((r) => r.id);
  await tool.db.query(
    `INSERT INTO entry_reviews (tenant_id, entry_id, decision, comment, reviewer_id)
     SELECT $1::bigint, id, 'approved', NULL, $2::bigint FROM unnest($3::bigint[]) AS id
     UNION ALL SELECT $1::bigint, id, 'rejected', 'Please add evidence', $2::bigint FROM unnest($4::bigint[]) AS id`,
    [
      ids.tenant_id,
      ids.instructor,
      activities.filter((_, i) => i % 10 !== 8),
      activities.filter((_, i) => i % 10 === 8),
    ],
  );
}

/**
 * Fills the demo course: the instructor and administrator launch once (so they exist), the learner types in what
 * a learner would, and a year of history is added. Returns when everything is stored.
 */
export async function seedDemoCourse(tool: BrowserTool, options: { today?: Date; entries?: number } = {}) {
  const context = await tool.browser.newContext();
  try {
    for (const role of ['instructor', 'admin'] as const) await launchInWindow(context, tool.base, role, 'en');
    const learner = await launchInWindow(context, tool.base, 'learner', 'en');
    await learnerTypesIn(learner, tool.base);
    await seedYearOfRecords(tool, options.today ?? new Date(), options.entries ?? 200);
    await takeCommitteeSnapshots(context, tool.base);
  } finally {
    await context.close();
  }
}

/** The administrator saves the organisation report twice, as the committee would: the snapshot pages have data. */
async function takeCommitteeSnapshots(context: BrowserContext, base: string): Promise<void> {
  const admin = await launchInWindow(context, base, 'admin', 'en');
  for (const title of ['Committee meeting 1', 'Committee meeting 2']) {
    await admin.goto(inSession(admin, base, '/app/organisation'));
    await admin.locator('#snapshot-title').fill(title);
    await Promise.all([
      admin.waitForURL(/\/app\/organisation\/snapshots\/\d+/),
      admin.getByTestId('snapshot-save').click(),
    ]);
  }
  await admin.close();
}
