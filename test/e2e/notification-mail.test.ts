import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
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

/**
 * Notification e-mail (issue 19 item 7) against a real SMTP server started here (smtp-server): a digest at most
 * once a Bangkok day (the tool's clock injected), each as it happens when chosen, Thai subjects encoded, nothing
 * without an address or when e-mail is not wanted, and an SMTP failure retried without sending twice.
 */
interface Received {
  to: string[];
  raw: string;
  subject: string;
}
const received: Received[] = [];
let refuseNext = 0;
let server: SMTPServer;
let t: TestApp;
let offsetMs = 0;

/** An RFC 2047 header as text (nodemailer writes Thai as UTF-8 B or Q encoded words). */
function decodeHeader(value: string): string {
  return value
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}
const headerOf = (raw: string, name: string) => {
  const m = new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, 'mi').exec(raw);
  return m ? m[1]! : '';
};

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuseNext > 0) {
          refuseNext -= 1;
          callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: decodeHeader(headerOf(raw, 'Subject')),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  t = await startTestApp(
    {
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'DigiSkill <digiskill@example.go.th>',
      MAIL_POLL_MS: '3600000',
    },
    { now: () => new Date(Date.now() + offsetMs) },
  );
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const COURSE = 'course-mail';
const open = (u: LmsUser): Promise<Session> => openSession(t, u, { course: COURSE });
const drain = () => t.app.mail!.drain();
const to = (address: string | undefined) => received.filter((m) => m.to.includes(address ?? ''));
let n = 0;
const log = (s: Session) =>
  postForm(s, '/app/record', {
    activityType: 'mentoring',
    title: `พี่เลี้ยงสอนสูตร ${++n}`,
    occurredOn: bangkokToday(),
    hours: '1',
    category: '',
    'skill.DL': '1',
  });

describe('notification e-mail', () => {
  let learner: Session;
  let teacher: Session;
  let silent: Session;
  beforeAll(async () => {
    learner = await open(user({ locale: 'th', name: 'สมหญิง ใจดี' }));
    teacher = await open(user({ roles: [ROLE.instructor], locale: 'en', name: 'Teacher One' }));
    // The LMS sent no address for this instructor.
    silent = await open(user({ roles: [ROLE.instructor], locale: 'en', email: undefined }));
  });

  it('when an entry waits, then the instructor gets one digest in English with no ltik, and the one without an address none', async () => {
    expect((await log(learner)).status).toBe(303);
    await drain();
    const mine = to(teacher.user.email);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.subject).toBe('DigiSkill: สมหญิง ใจดี logged learning for you to review: พี่เลี้ยงสอนสูตร 1');
    expect(mine[0]!.raw).toMatch(/Content-Type: text\/plain/);
    expect(mine[0]!.raw).toMatch(/Content-Type: text\/html/);
    expect(mine[0]!.raw).not.toMatch(/ltik/i);
    expect(mine[0]!.raw).toContain(t.lms.issuer);
    expect(received).toHaveLength(1);
    const page = await silent.agent.get(withLtik(silent, '/app/notifications?lang=en'));
    expect(page.text).toContain('data-testid="no-email-address"');
  });

  it('when more waits the same day, then no second digest; the next Bangkok day, one digest of what waited', async () => {
    await log(learner);
    await log(learner);
    await drain();
    expect(to(teacher.user.email)).toHaveLength(1);
    offsetMs = 86_400_000;
    await drain();
    const mine = to(teacher.user.email);
    expect(mine).toHaveLength(2);
    expect(mine[1]!.subject).toBe('DigiSkill: 2 new notifications');
    expect(mine[1]!.raw).toContain('2');
    await drain();
    expect(to(teacher.user.email)).toHaveLength(2);
  });

  it('when the learner asks for each, then each decision is its own e-mail with a Thai subject', async () => {
    const chose = await postForm(learner, '/app/notifications/email', { mode: 'each' });
    expect(chose.status).toBe(303);
    const entries = await t.db.query<{ id: number }>(
      "SELECT id FROM learning_entries WHERE title LIKE 'พี่เลี้ยง%' ORDER BY id LIMIT 2",
    );
    await postForm(teacher, '/app/approvals', {
      entry: entries.map((e) => String(e.id)),
      decision: 'approve',
    });
    await drain();
    const mine = to(learner.user.email);
    expect(mine).toHaveLength(2);
    expect(mine[0]!.subject).toBe('DigiSkill: รายการของคุณได้รับอนุมัติ: พี่เลี้ยงสอนสูตร 1');
    expect(headerOf(mine[0]!.raw, 'Subject')).toMatch(/^=\?UTF-8\?[BQ]\?/i);
  });

  it('when the SMTP server refuses once, then the e-mail is tried again later and arrives exactly once', async () => {
    const [entry] = await t.db.query<{ id: number }>(
      "SELECT id FROM learning_entries WHERE title = 'พี่เลี้ยงสอนสูตร 3'",
    );
    refuseNext = 1;
    const rejected = await postForm(teacher, '/app/approvals', {
      entry: [String(entry!.id)],
      decision: 'reject',
      comment: 'ไม่มีหลักฐาน',
    });
    expect(rejected.status).toBe(303);
    expect(
      await t.db.query(
        "SELECT 1 FROM notifications WHERE kind = 'entry_decided' AND details->>'decision' = 'rejected'",
      ),
    ).toHaveLength(1);
    await drain();
    expect(to(learner.user.email)).toHaveLength(2);
    // Not due again at once (backoff), and nothing marked as sent.
    await drain();
    expect(to(learner.user.email)).toHaveLength(2);
    const [box] = await t.db.query<{ attempts: number }>(
      'SELECT attempts FROM notification_mailboxes m JOIN people p ON p.id = m.person_id WHERE p.platform_user_id = $1',
      [learner.user.sub],
    );
    expect(box!.attempts).toBe(1);
    offsetMs += 5 * 60_000;
    await drain();
    await drain();
    const mine = to(learner.user.email);
    expect(mine).toHaveLength(3);
    expect(mine[2]!.subject).toBe('DigiSkill: รายการของคุณไม่ได้รับอนุมัติ: พี่เลี้ยงสอนสูตร 3');
  });

  it('when a person chooses no e-mail, then nothing is sent to them', async () => {
    await postForm(teacher, '/app/notifications/email', { mode: 'none' });
    const before = received.length;
    await log(learner);
    offsetMs += 2 * 86_400_000;
    await drain();
    expect(received.length).toBe(before);
    const waiting = await t.db.query(
      'SELECT 1 FROM notifications n JOIN people p ON p.id = n.person_id WHERE p.platform_user_id = $1 AND n.mailed_at IS NULL',
      [teacher.user.sub],
    );
    expect(waiting).toHaveLength(0);
  });
});
