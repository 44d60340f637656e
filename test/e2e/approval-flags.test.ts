import { ROLE, user, type LmsUser } from '../support/simulated-lms';
import { bangkokToday } from '../../src/shared/clock';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';
import type { ContextId, TenantId } from '../../src/shared/ids';
import { createLedgerRepository } from '../../src/db/ledger.repository';
import { usualHoursOf } from '../../src/domain/learning-record/review-flags';

// The approvals page flags what a reviewer should look at twice: duplicates and hours far above the usual.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const open = (u: LmsUser, course = 'course-flags'): Promise<Session> => openSession(t, u, { course });
const get = (s: Session, path: string) => s.agent.get(withLtik(s, path));
const log = (s: Session, fields: Record<string, string>) =>
  postForm(s, '/app/record', {
    activityType: 'workshop',
    occurredOn: bangkokToday(),
    hours: '2',
    category: '',
    // Training says how much of it was lecture.
    lectureShare: (fields.activityType ?? 'workshop') === 'workshop' ? '40' : '',
    'skill.DL': fields.hours ?? '2',
    ...fields,
  });
const idsOf = async (sub: string) =>
  (
    await t.db.query<{ id: number; title: string }>(
      `SELECT e.id, e.title FROM learning_entries e JOIN people p ON p.id = e.person_id
        WHERE p.platform_user_id = $1 AND e.kind = 'entry' ORDER BY e.id`,
      [sub],
    )
  ).map((r) => r.id);
/** The flags of one row of the approvals page, as text. */
const flagsOf = (html: string, entryId: number): string[] => {
  const row = html.split(`<tr data-entry="${entryId}"`)[1]?.split('</tr>')[0] ?? '';
  return [...row.matchAll(/<li data-flag="(\w+)"><span aria-hidden="true">⚠<\/span> ([^<]*)<\/li>/g)].map(
    (m) => `${m[1]}: ${m[2]}`,
  );
};

describe('approvals flags', () => {
  it('when a workshop claims far more hours than the organisation usually approves, then it is flagged with the numbers; one within the usual is not', async () => {
    const regular = await open(user({ locale: 'en', name: 'Regular Learner' }));
    for (let i = 1; i <= 20; i += 1)
      await log(regular, { title: `Workshop ${i}`, hours: String(1 + (i % 3)) });
    const teacher = await open(user({ roles: [ROLE.instructor], locale: 'en' }));
    const approved = await postForm(teacher, '/app/approvals', {
      entry: (await idsOf(regular.user.sub)).map(String),
      decision: 'approve',
    });
    expect(approved.status).toBe(303);

    const learner = await open(user({ locale: 'en', name: 'Long Learner' }));
    await log(learner, { title: 'Long workshop', hours: '7' });
    await log(learner, { title: 'Usual workshop', hours: '3' });
    await log(learner, { title: 'Long mentoring', activityType: 'mentoring', hours: '9' });
    const [long, usual, mentoring] = await idsOf(learner.user.sub);
    const page = (await get(teacher, '/app/approvals')).text;
    // Hours 1, 2, 3 (7, 7 and 6 of each): median 2, 95th percentile 3.
    expect(flagsOf(page, long!)).toEqual([
      'HOURS_ABOVE_USUAL: Hours far above the usual for Workshop: 7 h, while 95 % of the organisation&#x27;s 20 approved entries of this type took at most 3 h (median 2 h).',
    ]);
    expect(flagsOf(page, usual!)).toEqual([]);
    expect(flagsOf(page, mentoring!)).toEqual([
      'HOURS_ABOVE_DAY: Long for one day: 9 h on one date is more than a working day (8 h); the organisation has too few approved entries of Mentoring (0) to compare with.',
    ]);

    // The database's percentiles are the domain's.
    const hours = (
      await t.db.query<{ hours: string }>(
        `SELECT e.hours::text FROM learning_entries e JOIN people p ON p.id = e.person_id WHERE p.platform_user_id = $1`,
        [regular.user.sub],
      )
    ).map((r) => Number(r.hours));
    const [tenant] = await t.db.query<{ tenant_id: TenantId; context_id: ContextId }>(
      `SELECT tenant_id, context_id FROM learning_entries WHERE id = $1`,
      [long],
    );
    const fromSql = await createLedgerRepository(t.db).usualHours(tenant!.tenant_id, tenant!.context_id);
    const workshop = fromSql.find((u) => u.activityType === 'workshop')!;
    const expected = usualHoursOf('workshop', hours);
    expect(workshop.count).toBe(expected.count);
    expect(workshop.median).toBeCloseTo(expected.median, 10);
    expect(workshop.p95).toBeCloseTo(expected.p95, 10);
  });

  it('when a learner logs the same activity again (case and spaces aside), then both are flagged in Thai; a rejected or reversed one is no duplicate', async () => {
    const learner = await open(user({ locale: 'th', name: 'Twice Learner' }), 'course-dup');
    const teacher = await open(user({ roles: [ROLE.instructor], locale: 'th' }), 'course-dup');
    await log(learner, { title: 'Pivot Tables', activityType: 'coaching' });
    await log(learner, { title: 'Refused', activityType: 'coaching' });
    await log(learner, { title: 'Reversed', activityType: 'coaching' });
    const [first, refused, reversed] = await idsOf(learner.user.sub);
    await postForm(teacher, '/app/approvals', {
      entry: [String(first), String(reversed)],
      decision: 'approve',
    });
    await postForm(teacher, '/app/approvals', {
      entry: [String(refused)],
      decision: 'reject',
      comment: 'ไม่ใช่',
    });
    const [me] = await t.db.query<{ id: number }>('SELECT id FROM people WHERE platform_user_id = $1', [
      learner.user.sub,
    ]);
    const reversal = await postForm(teacher, `/app/learners/${me!.id}/record/${reversed}`, {
      action: 'reverse',
      reason: 'ซ้ำ',
    });
    expect(reversal.status).toBe(303);
    await log(learner, { title: '  pivot   TABLES ', activityType: 'coaching' });
    await log(learner, { title: 'pivot tables', activityType: 'coaching' });
    await log(learner, { title: 'refused', activityType: 'coaching' });
    await log(learner, { title: 'REVERSED', activityType: 'coaching' });
    const [, , , again, third, refusedAgain, reversedAgain] = await idsOf(learner.user.sub);
    const page = (await get(teacher, '/app/approvals')).text;
    const counted = 'DUPLICATE: อาจบันทึกซ้ำ: บุคคลนี้มีอีกรายการที่วันที่และชื่อกิจกรรมเดียวกัน (นับแล้ว)';
    expect(flagsOf(page, again!)).toEqual([counted]);
    expect(flagsOf(page, third!)).toEqual([counted]);
    expect(flagsOf(page, refusedAgain!)).toEqual([]);
    expect(flagsOf(page, reversedAgain!)).toEqual([]);
    expect(page).toContain('aria-label="ควรตรวจสอบก่อนพิจารณา"');

    // Two pending ones name each other as waiting; another date is no duplicate.
    const other = await open(user({ locale: 'en', name: 'Pending Twins' }), 'course-dup');
    await log(other, { title: 'Mentor talk', activityType: 'mentoring' });
    await log(other, { title: 'mentor talk', activityType: 'mentoring' });
    const [a, b] = await idsOf(other.user.sub);
    const twins = (await get(teacher, '/app/approvals')).text;
    const waiting = 'DUPLICATE: อาจบันทึกซ้ำ: บุคคลนี้มีอีกรายการที่วันที่และชื่อกิจกรรมเดียวกัน (รออนุมัติ)';
    expect(flagsOf(twins, a!)).toEqual([waiting]);
    expect(flagsOf(twins, b!)).toEqual([waiting]);
  });
});
