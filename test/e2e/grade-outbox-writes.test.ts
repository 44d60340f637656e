import { user } from '../support/simulated-lms';
import { launch, startTestApp, type TestApp } from '../support/test-app';
import type { Database } from '../../src/db/database';
import { createGradeOutbox } from '../../src/db/grade-outbox.repository';
import { createAgsClient } from '../../src/lti/ags-client';
import { deliverDueGrades } from '../../src/use-cases/deliver-grades';

/**
 * What a round of the grade outbox writes (issue #19, the drain's speed): the record of each POST before it goes
 * out (what tells a 409 after a lost answer from a teacher's newer grade), and the round's deliveries together.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
});
afterAll(async () => {
  await t.close();
});

/** The test's database, noting each statement that writes the outbox (the real database answers). */
function notingOutboxWrites(db: Database): { db: Database; writes: string[] } {
  const writes: string[] = [];
  const note = (sql: string) => {
    if (/^\s*(UPDATE|WITH|INSERT|DELETE)\b/i.test(sql) && /\bgrade_outbox\b/.test(sql)) writes.push(sql);
  };
  return {
    writes,
    db: {
      kind: db.kind,
      query: (sql, params) => {
        note(sql);
        return db.query(sql, params);
      },
      exec: (sql) => db.exec(sql),
      transaction: (fn) => db.transaction(fn),
      close: () => db.close(),
    },
  };
}

/** `n` grades of a new learner, each in its own gradebook column, due now; their ids. */
async function queueGrades(n: number): Promise<number[]> {
  const who = user();
  const r = await launch(t, t.agent(), who);
  expect(r.page?.status).toBe(200);
  const platform = t.lms.registration();
  const rows = await t.db.query<{ id: number }>(
    `INSERT INTO grade_outbox (tenant_id, person_id, issuer, client_id, lineitem_url, platform_user_id, score_given,
                               score_maximum, next_attempt_at)
     SELECT p.tenant_id, p.id, $2, $3, $4 || (5000 + g) || '/lineitem?type_id=1', p.platform_user_id, 80, 100, now()
       FROM people p, generate_series(1, $5) g WHERE p.platform_user_id = $1
     RETURNING id`,
    [who.sub, platform.issuer, platform.clientId, `${t.lms.issuer}/mod/lti/services.php/2/lineitems/`, n],
  );
  return rows.map((row) => row.id);
}

const sender = () =>
  createAgsClient({
    credentials: (iss, clientId) => t.app.lti.serviceCredentials(iss, clientId),
    fetch: t.app.outbound.fetch,
  });
const statusOf = (ids: number[]) =>
  t.db.query<{ status: string; rejection: string | null }>(
    'SELECT status, rejection FROM grade_outbox WHERE id = ANY($1::bigint[]) ORDER BY id',
    [ids],
  );

describe('a round of the grade outbox', () => {
  it('when a round delivers 12 grades, then it writes the outbox once per grade (before its POST) and once for the deliveries, not twice per grade', async () => {
    await t.app.grades.stop();
    const ids = await queueGrades(12);
    const { db, writes } = notingOutboxWrites(t.db);
    const round = await deliverDueGrades({ outbox: createGradeOutbox(db), sender: sender() }, { batch: 50 });
    expect(round).toMatchObject({ claimed: 12, delivered: 12, failed: 0 });
    expect((await statusOf(ids)).every((g) => g.status === 'delivered')).toBe(true);
    const sentMarks = writes.filter((sql) => /score_sent_at = now\(\)/.test(sql));
    const deliveredMarks = writes.filter((sql) => /status = 'delivered'/.test(sql));
    expect(sentMarks).toHaveLength(12);
    expect(deliveredMarks).toHaveLength(1);
    // The claim, a record per POST, one for the deliveries.
    expect(writes).toHaveLength(1 + 12 + 1);
  });

  it('when a worker posted its grades but stopped before marking them delivered, then the next round posts them again, the LMS answers 409, and they are delivered, not rejected', async () => {
    const ids = await queueGrades(3);
    const outbox = createGradeOutbox(t.db);
    const dying = {
      ...outbox,
      markDelivered: () => Promise.reject(new Error('the worker stopped here')),
    };
    await expect(deliverDueGrades({ outbox: dying, sender: sender() }, { batch: 50 })).rejects.toThrow(
      'the worker stopped here',
    );
    expect((await statusOf(ids)).map((g) => g.status)).toEqual(['pending', 'pending', 'pending']);
    const posted = t.lms.calls.scores.length;
    // The dead worker's lease runs out.
    await t.db.query('UPDATE grade_outbox SET next_attempt_at = now() WHERE id = ANY($1::bigint[])', [ids]);
    const round = await deliverDueGrades({ outbox, sender: sender() }, { batch: 50 });
    expect(round).toMatchObject({ claimed: 3, delivered: 3, failed: 0 });
    // Posted again: the LMS holds these very scores (same timestamps) and answers 409.
    expect(t.lms.calls.scores.length - posted).toBe(3);
    expect(await statusOf(ids)).toEqual([
      { status: 'delivered', rejection: null },
      { status: 'delivered', rejection: null },
      { status: 'delivered', rejection: null },
    ]);
  });
});
