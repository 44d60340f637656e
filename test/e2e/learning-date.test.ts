import { user, type LmsUser } from '../support/simulated-lms';
import {
  openSession,
  postForm,
  startTestApp,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// 6 December 2026, 03:00 in Bangkok (20:00 UTC on the 5th): "today" is the Bangkok day, 6/12/2569.
const NOW = new Date('2026-12-05T20:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { now: () => NOW });
});
afterAll(async () => {
  await t.close();
});

const open = (u: LmsUser): Promise<Session> => openSession(t, u, { course: 'course-dates' });
const activity = (date: string) => ({
  activityType: 'mentoring',
  title: 'พี่เลี้ยงสอนการใช้ Google Sheets',
  occurredOnText: date,
  hours: '2',
  'skill.DL': '2',
});
const storedDates = async (sub: string) =>
  (
    await t.db.query<{ occurred_on: string }>(
      `SELECT to_char(e.occurred_on, 'YYYY-MM-DD') AS occurred_on FROM learning_entries e
         JOIN people p ON p.id = e.person_id WHERE p.platform_user_id = $1 ORDER BY e.id`,
      [sub],
    )
  ).map((r) => r.occurred_on);

describe('the learning date, typed in the era the page shows', () => {
  it('when a Thai learner opens the log form, then the date is today in Bangkok in the Buddhist era, with a hint and no inline script', async () => {
    const s = await open(user({ locale: 'th' }));
    const res = await s.agent.get(withLtik(s, '/app/record/new'));
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /<input id="occurredOn" name="occurredOnText" type="text"[^>]* value="6\/12\/2569"/,
    );
    expect(res.text).toContain('วัน/เดือน/ปี พ.ศ. เช่น 6/12/2569');
    expect(res.text).toContain('<option value="2569">2569</option>');
    expect(res.text).not.toContain('type="date"');
    // Allowed by script-src 'self': every script is a file, and no element carries an event handler.
    expect(res.text.match(/<script[^>]*>/g)).toEqual([
      '<script src="/static/frame.js">',
      '<script src="/static/date-field.js" defer>',
      '<script src="/static/lecture-share.js" defer>',
    ]);
    expect(res.text).not.toMatch(/\son[a-z]+=/i);
  });

  it.each([
    ['15/11/2569', '2026-11-15'],
    ['2569-11-15', '2026-11-15'],
    ['๑/๑๐/๒๕๖๘', '2025-10-01'],
  ])('when a Thai learner types %s, then the entry is stored on %s', async (typed, iso) => {
    const s = await open(user({ locale: 'th' }));
    const res = await postForm(s, '/app/record', activity(typed));
    expect(res.status).toBe(303);
    expect(await storedDates(s.user.sub)).toEqual([iso]);
  });

  it('when a Thai learner types a Christian-era year, then the form says so, keeps the input and stores nothing', async () => {
    const s = await open(user({ locale: 'th' }));
    const res = await postForm(s, '/app/record', activity('15/11/2026'));
    expect(res.status).toBe(422);
    expect(res.text).toContain('ปีที่พิมพ์ดูเหมือนเป็นปี ค.ศ. โปรดพิมพ์ปี พ.ศ. เช่น 2569');
    expect(res.text).not.toContain('วันที่ต้องไม่เลยวันนี้');
    expect(res.text).toContain('value="15/11/2026"');
    expect(res.text).toContain('aria-describedby="occurredOn-hint occurredOn-error"');
    expect(await storedDates(s.user.sub)).toEqual([]);
  });

  it('when an English learner types a Buddhist-era year, then the form says so', async () => {
    const s = await open(user({ locale: 'en' }));
    const res = await postForm(s, '/app/record', activity('15/11/2569'));
    expect(res.status).toBe(422);
    expect(res.text).toContain(
      'The year looks like a Buddhist-era year; type the Christian-era year, e.g. 2026.',
    );
    expect(res.text).not.toContain('The date cannot be in the future.');
  });

  it('when an English learner types 15/11/2026, then it is stored; tomorrow in Bangkok is in the future', async () => {
    const s = await open(user({ locale: 'en' }));
    expect((await postForm(s, '/app/record', activity('15/11/2026'))).status).toBe(303);
    const tomorrow = await postForm(s, '/app/record', activity('7/12/2026'));
    expect(tomorrow.status).toBe(422);
    expect(tomorrow.text).toContain('The date cannot be in the future.');
    expect(await storedDates(s.user.sub)).toEqual(['2026-11-15']);
  });

  it.each([
    ['th', '31/2/2569', 'ไม่มีวันที่นี้ในปฏิทิน'],
    ['en', 'last week', 'Type the date as day/month/year, e.g. 6/12/2026.'],
  ] as const)(
    'when a %s learner types %s, then the message says how to write it',
    async (locale, typed, text) => {
      const s = await open(user({ locale }));
      const res = await postForm(s, '/app/record', activity(typed));
      expect(res.status).toBe(422);
      expect(res.text).toContain(text);
    },
  );
});
