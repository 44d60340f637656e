import crypto from 'node:crypto';
import supertest from 'supertest';
import { openPostgres, type Database } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';
import { createPlatformRepository } from '../../src/db/platform.repository';
import { quizAnswers, sampleModule } from '../support/module-fixtures';
import { LTI, SimulatedLms, user, type LmsUser } from '../support/simulated-lms';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { freePort, startTool, waitForHealth } from '../support/tool-process';

// The tool as a real process, killed with SIGKILL in the middle of a burst of completions: whatever was
// acknowledged to a learner must be in the record after the restart, nothing twice, and every queued grade
// still reaches the LMS.
const SLUG = 'dl-word-official-documents';
const mod = sampleModule(SLUG);
const KEY = crypto.randomBytes(32).toString('hex');

let database: TestDatabase;
let db: Database;
let lms: SimulatedLms;
let port: number;
let base: string;

const env = () => ({
  PORT: String(port),
  BASE_URL: base,
  DATABASE_URL: database.url!,
  LTI_ENCRYPTION_KEY: KEY,
  DEMO_PLATFORM: 'false',
  LOG_LEVEL: 'warn',
  GRADE_POLL_MS: '300',
  // Grades the killed tool had claimed come back after their lease: 2 x 1 s + 5 s.
  AGS_TIMEOUT_MS: '1000',
});

beforeAll(async () => {
  database = await createTestDatabase();
  if (!database.url) return;
  db = openPostgres(database.url);
  await migrate(db);
  lms = await SimulatedLms.start();
  await createPlatformRepository(db, KEY).add(lms.registration());
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  lms.toolKeyset = async () =>
    (await (await fetch(`${base}/lti/keys`)).json()) as { keys: crypto.JsonWebKey[] };
});
afterAll(async () => {
  await lms?.stop();
  await db?.close();
  await database?.drop();
});

/** A learner launched into the placed module who has read every page: one quiz submission completes it. */
async function readyLearner(): Promise<{ who: LmsUser; agent: supertest.Agent; ltik: string }> {
  const who = user();
  const agent = supertest.agent(base);
  const login = await agent
    .post('/lti/login')
    .type('form')
    .send(
      lms.loginParams(`${base}/lti/launch`, who, {
        claims: { [`${LTI}custom`]: { module: SLUG } },
        resourceLink: { id: `link-${SLUG}` },
      }),
    );
  expect(login.status).toBe(302);
  const auth = lms.authorize(Object.fromEntries(new URL(login.headers.location as string).searchParams));
  const posted = await agent
    .post('/lti/launch')
    .type('form')
    .send({ id_token: auth.id_token, state: auth.state });
  expect(posted.status).toBe(302);
  const ltik = new URL(posted.headers.location as string, base).searchParams.get('ltik')!;
  for (let p = 1; p <= mod.pages.length; p += 1)
    expect((await agent.get(`/app/modules/${SLUG}/pages/${p}?ltik=${ltik}`)).status).toBe(200);
  return { who, agent, ltik };
}

const complete = (l: { agent: supertest.Agent; ltik: string }) =>
  l.agent.post(`/app/modules/${SLUG}/quiz?ltik=${l.ltik}`).type('form').send(quizAnswers(mod));

const entriesBySub = async () =>
  new Map(
    (
      await db.query<{ sub: string; n: number; grades: number }>(
        `SELECT p.platform_user_id AS sub, count(e.id)::int AS n,
                (SELECT count(*) FROM grade_outbox g WHERE g.person_id = p.id)::int AS grades
           FROM people p LEFT JOIN learning_entries e ON e.person_id = p.id AND e.source = 'module'
          GROUP BY p.id, p.platform_user_id`,
      )
    ).map((r) => [r.sub, r]),
  );

describe('the tool killed during a burst of completions', () => {
  it('when it is SIGKILLed mid-burst, then every acknowledged completion is recorded once, and after a restart grades go out and retries stay single', async () => {
    if (!database.url) return; // PGlite fallback cannot be shared with a child process.
    let tool = startTool(env());
    await waitForHealth(port);
    const learners = [];
    for (let i = 0; i < 24; i += 1) learners.push(await readyLearner());

    const acknowledged = new Set<string>();
    let answered = 0;
    const burst = learners.map((l) =>
      complete(l).then(
        (res) => {
          answered += 1;
          if (res.status === 200 && res.text.includes('data-testid="completion"'))
            acknowledged.add(l.who.sub);
          if (answered === 6) tool.child.kill('SIGKILL');
        },
        () => undefined, // cut off by the kill: not acknowledged
      ),
    );
    await Promise.all(burst);
    await tool.exit;
    expect(acknowledged.size).toBeGreaterThanOrEqual(6);

    const afterCrash = await entriesBySub();
    for (const sub of acknowledged) expect(afterCrash.get(sub)).toMatchObject({ n: 1, grades: 1 });
    for (const row of afterCrash.values()) {
      expect(row.n).toBeLessThanOrEqual(1);
      expect(row.grades).toBe(row.n);
    }

    // Restart: learners whose request was cut try again; every completion ends up recorded exactly once.
    tool = startTool(env());
    await waitForHealth(port);
    try {
      const retries = await Promise.all(learners.map((l) => complete(l)));
      expect(retries.map((r) => r.status)).toEqual(Array(learners.length).fill(200));
      const final = await entriesBySub();
      for (const l of learners) expect(final.get(l.who.sub)).toMatchObject({ n: 1, grades: 1 });

      // The worker of the restarted tool delivers every queued grade, including those queued before the kill
      // (a grade the killed tool had claimed comes back when its 7 s lease runs out).
      const deadline = Date.now() + 30_000;
      let pending = -1;
      while (Date.now() < deadline) {
        pending = (
          await db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM grade_outbox WHERE status <> 'delivered'",
          )
        )[0]!.n;
        if (pending === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(pending).toBe(0);
      const scored = new Set(lms.calls.scores.map((c) => (c.body as { userId: string }).userId));
      for (const l of learners) expect(scored.has(l.who.sub)).toBe(true);
    } finally {
      tool.child.kill('SIGTERM');
      await tool.exit;
    }
  }, 90_000);
});
