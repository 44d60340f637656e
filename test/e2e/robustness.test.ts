import { user } from '../support/simulated-lms';
import { authorizeLaunch, launch, postLaunch, startTestApp, type TestApp } from '../support/test-app';
import { withAdmin, quoteIdent } from '../support/test-db';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const noStack = (body: string) => {
  expect(body).not.toMatch(/\n\s+at \S+ \(/);
  expect(body).not.toMatch(/node_modules/);
};

describe('when the database goes away', () => {
  const adminUrl = process.env.DIGISKILL_TEST_ADMIN_URL;
  // The database stays on the server but refuses connections and loses the open ones, as in a failover.
  const setAvailable = async (available: boolean) => {
    const name = new URL(t.config.databaseUrl!).pathname.slice(1);
    await withAdmin(adminUrl!, async (admin) => {
      await admin.query(`ALTER DATABASE ${quoteIdent(name)} ALLOW_CONNECTIONS ${available}`);
      if (!available) {
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
          name,
        ]);
      }
    });
  };
  const maybe = adminUrl ? it : it.skip;

  maybe(
    "then launches get a 503 page in the user's language, health checks fail, and it recovers by itself",
    async () => {
      const before = await launch(t, t.agent(), user());
      expect(before.page?.status).toBe(200);

      await setAvailable(false);
      try {
        const during = await launch(t, t.agent(), user({ locale: 'th' }));
        // The login may still succeed from the platform cache; the launch itself needs the database.
        const failed = during.login.status === 302 ? during.launch! : during.login;
        expect(failed.status).toBe(503);
        expect(failed.text).toContain('DigiSkill ไม่พร้อมให้บริการชั่วคราว');
        noStack(failed.text);
        expect((await t.agent().get('/healthz')).status).toBe(503);
        expect((await t.agent().get('/readyz')).status).toBe(503);
      } finally {
        await setAvailable(true);
      }

      const after = await launch(t, t.agent(), user());
      expect(after.page?.status).toBe(200);
      expect((await t.agent().get('/healthz')).status).toBe(200);
      expect((await t.agent().get('/readyz')).body).toEqual({ status: 'ready' });
    },
  );

  maybe(
    'then an id_token posted during the outage gets a 503 page and the launch works again afterwards',
    async () => {
      const agent = t.agent();
      const learner = user({ locale: 'en' });
      const auth = await authorizeLaunch(t, agent, learner);
      await setAvailable(false);
      try {
        const res = await postLaunch(agent, auth);
        expect(res.status).toBe(503);
        expect(res.text).toContain('DigiSkill is temporarily unavailable');
        expect(res.text).not.toContain(auth.id_token);
      } finally {
        await setAvailable(true);
      }
      expect((await launch(t, t.agent(), learner)).page?.status).toBe(200);
    },
  );
});

describe("when the launch's own write fails after the token was verified", () => {
  // A real failure inside the one statement that records who and where together with the session:
  // a trigger on people refuses this one learner, as a constraint or a full disk would.
  beforeAll(async () => {
    await t.db.exec(`
      CREATE FUNCTION refuse_test_person() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.platform_user_id = 'refused-learner' THEN RAISE EXCEPTION 'refused for the test'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_test_person BEFORE INSERT OR UPDATE ON people
        FOR EACH ROW EXECUTE FUNCTION refuse_test_person();`);
  });
  afterAll(async () => {
    await t.db.exec('DROP TRIGGER refuse_test_person ON people; DROP FUNCTION refuse_test_person();');
  });

  it('then the launch gets a 503 page, nothing of it is written, and its token cannot be replayed', async () => {
    const agent = t.agent();
    const auth = await authorizeLaunch(t, agent, user({ sub: 'refused-learner', locale: 'en' }));
    const res = await postLaunch(agent, auth);
    expect(res.status).toBe(503);
    expect(res.text).toContain('DigiSkill is temporarily unavailable');
    expect(res.text).not.toContain(auth.id_token);
    noStack(res.text);

    const written = await t.db.query<{ people: number; sessions: number }>(
      `SELECT (SELECT count(*) FROM people WHERE platform_user_id = $1)::int AS people,
              (SELECT count(*) FROM lti_sessions WHERE platform_user_id = $1)::int AS sessions`,
      ['refused-learner'],
    );
    expect(written[0]).toEqual({ people: 0, sessions: 0 });

    const replay = await postLaunch(agent, auth);
    expect(replay.status).toBeGreaterThanOrEqual(400);
    expect(replay.status).toBeLessThan(500);

    // Everyone else launches as before.
    expect((await launch(t, t.agent(), user())).page?.status).toBe(200);
  });
});

describe('oversized and malformed requests', () => {
  it('a launch form body over the limit gets 413 with a page, not a crash', async () => {
    const res = await t
      .agent()
      .post('/lti/launch')
      .type('form')
      .send(`id_token=${'a'.repeat(2_000_000)}&state=x`);
    expect(res.status).toBe(413);
    expect(res.type).toBe('text/html');
    noStack(res.text);
  });

  it('malformed JSON gets 400 with a page', async () => {
    const res = await t
      .agent()
      .post('/lti/launch')
      .set('content-type', 'application/json')
      .send('{"id_token": ');
    expect(res.status).toBe(400);
    expect(res.type).toBe('text/html');
    noStack(res.text);
  });

  it('a path that does not decode gets 400 with a page', async () => {
    const res = await t.agent().get('/lti/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.type).toBe('text/html');
  });

  it('invalid UTF-8 and junk in login fields get a 4xx page', async () => {
    const res = await t
      .agent()
      .post('/lti/login')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(
        Buffer.concat([
          Buffer.from('iss='),
          Buffer.from([0xff, 0xfe, 0x80]),
          Buffer.from('&login_hint=%ZZ&target_link_uri=x'),
        ]),
      );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.type).toBe('text/html');
    noStack(res.text);
  });

  it('a garbage id_token with a state gets a 401 page that does not echo it', async () => {
    const junk = '<script>alert(1)</script>.x.y';
    const res = await t.agent().post('/lti/launch').type('form').send({ id_token: junk, state: 'nope' });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('<script>alert(1)</script>');
  });
});
