import supertest from 'supertest';
import { createApp, type App } from '../../src/app';
import { loadConfig, type Config } from '../../src/config/env';
import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { createLogger, type LogDestination, type Logger } from '../../src/shared/logger';
import type { ResolveHost } from '../../src/shared/outbound-http';
import { quizAnswers, sampleModule } from './module-fixtures';
import { createTestDatabase } from './test-db';
import { LTI as LTI_CLAIM, SimulatedLms, type LaunchOptions, type LmsUser } from './simulated-lms';

// Plain http: supertest's cookie jar, like a browser, keeps Secure cookies off http. The https cookie
// attributes are tested separately (test/e2e/cookies-https.test.ts).
export let TOOL_BASE_URL = 'http://tool.digiskill.test';

export interface TestApp {
  app: App;
  db: Database;
  lms: SimulatedLms;
  config: Config;
  agent(): supertest.Agent;
  close(): Promise<void>;
}

/**
 * The whole tool on its own fresh PostgreSQL database (cloned from the migrated template), plus a simulated
 * LMS registered as a platform. Nothing inside the app is mocked.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  deps: {
    logger?: Logger;
    /** Let the app build its own logger (LOG_LEVEL, the configured secrets scrubbed) writing here. */
    logDestination?: LogDestination;
    now?: () => Date;
    resolveHost?: ResolveHost;
  } = {},
): Promise<TestApp> {
  TOOL_BASE_URL = env.BASE_URL ?? TOOL_BASE_URL;
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    BASE_URL: TOOL_BASE_URL,
    LTI_ENCRYPTION_KEY: 'test-encryption-key-0123456789abcdef',
    LOG_LEVEL: 'silent',
    DEMO_PLATFORM: 'false',
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...env,
  });
  const db = database.url ? openPostgres(database.url) : await openPglite(undefined);
  const app = await createApp(config, {
    db,
    resolveHost: deps.resolveHost,
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.logDestination
      ? { logDestination: deps.logDestination }
      : { logger: deps.logger ?? createLogger('silent') }),
  });
  const lms = await SimulatedLms.start();
  await app.platforms.add(lms.registration());
  // The LMS checks the tool's client assertions against the tool's real keyset endpoint.
  lms.toolKeyset = async () =>
    (await supertest(app.app).get('/lti/keys')).body as { keys: import('node:crypto').JsonWebKey[] };
  return {
    app,
    db,
    lms,
    config,
    agent: () => supertest.agent(app.app),
    async close() {
      await app.close();
      await lms.stop();
      await db.close();
      await database.drop();
    },
  };
}

/**
 * Another LMS (another issuer, so another organisation) registered with the same tool. Launch through it by
 * passing the result where a TestApp goes; its close() stops only that LMS.
 */
export async function registerAnotherLms(t: TestApp): Promise<TestApp> {
  const lms = await SimulatedLms.start();
  await t.app.platforms.add(lms.registration());
  lms.toolKeyset = t.lms.toolKeyset;
  return { ...t, lms, close: () => lms.stop() };
}

export interface LaunchResult {
  login: supertest.Response;
  launch?: supertest.Response;
  page?: supertest.Response;
  idToken?: string;
}

export interface LaunchSteps extends LaunchOptions {
  /** Post the id_token from another agent (its cookies), e.g. a fresh one without the state cookie. */
  postAgent?: supertest.Agent;
  /** Query parameters on the target link URI the LMS sends at login (ltijs keeps them in its state row). */
  targetQuery?: string;
  /** Replace what is posted to the launch route. */
  tamper?: (form: { id_token: string; state: string }) => { id_token?: string; state?: string };
}

/**
 * A full launch as the browser performs it: login initiation, the LMS's auth answer, the form post, the redirect
 * (and the launch page's redirect to the home page, when the link places no module).
 */
export async function launch(
  t: TestApp,
  agent: supertest.Agent,
  user: LmsUser,
  steps: LaunchSteps = {},
): Promise<LaunchResult> {
  const login = await agent
    .post('/lti/login')
    .type('form')
    .send(
      t.lms.loginParams(
        `${TOOL_BASE_URL}/lti/launch${steps.targetQuery ? `?${steps.targetQuery}` : ''}`,
        user,
        steps,
      ),
    );
  if (login.status !== 302) return { login };
  const location = new URL(login.headers.location as string);
  const auth = t.lms.authorize(Object.fromEntries(location.searchParams));
  const form = { id_token: auth.id_token, state: auth.state };
  const posted = steps.tamper ? steps.tamper(form) : form;
  const launchRes = await (steps.postAgent ?? agent).post('/lti/launch').type('form').send(posted);
  if (launchRes.status !== 302) return { login, launch: launchRes, idToken: auth.id_token };
  const next = new URL(launchRes.headers.location as string, TOOL_BASE_URL);
  let page = await (steps.postAgent ?? agent).get(next.pathname + next.search);
  // A launch without a placed module answers with a redirect to the role's home page, which the browser follows.
  if (page.status === 302 && String(page.headers.location).startsWith('/app/home?')) {
    const home = new URL(page.headers.location as string, TOOL_BASE_URL);
    page = await (steps.postAgent ?? agent).get(home.pathname + home.search);
  }
  return { login, launch: launchRes, page, idToken: auth.id_token };
}

/** Login initiation and the LMS's answer, up to the form the browser would post: the id_token and its state. */
export async function authorizeLaunch(
  t: TestApp,
  agent: supertest.Agent,
  u: LmsUser,
  steps: LaunchOptions = {},
  lms: SimulatedLms = t.lms,
): Promise<{ id_token: string; state: string }> {
  const login = await agent
    .post('/lti/login')
    .type('form')
    .send(lms.loginParams(`${TOOL_BASE_URL}/lti/launch`, u, steps));
  if (login.status !== 302) throw new Error(`login answered ${login.status}`);
  return lms.authorize(Object.fromEntries(new URL(login.headers.location as string).searchParams));
}

/** Posts an id_token and its state to the launch route, as the LMS's auto-submitting form does. */
export const postLaunch = (agent: supertest.Agent, form: { id_token?: string; state?: string }) =>
  agent.post('/lti/launch').type('form').send(form);

/** A user's session in the tool after a launch: the browser (cookies) and the ltik every page needs. */
export interface Session {
  agent: supertest.Agent;
  ltik: string;
  user: LmsUser;
  /** The page the launch landed on. */
  page: supertest.Response;
}

/** Launches as `u` (optionally into a course, onto a placed module, or in another deployment) and expects a 200 page. */
export async function openSession(
  t: TestApp,
  u: LmsUser,
  o: { course?: string; module?: string; deploymentId?: string; claims?: Record<string, unknown> } = {},
): Promise<Session> {
  const agent = t.agent();
  const r = await launch(t, agent, u, {
    ...(o.course ? { context: { id: o.course, title: o.course } } : {}),
    ...(o.deploymentId ? { deploymentId: o.deploymentId } : {}),
    ...(o.module
      ? {
          claims: { [`${LTI_CLAIM}custom`]: { module: o.module }, ...o.claims },
          resourceLink: { id: `link-${o.module}` },
        }
      : o.claims
        ? { claims: o.claims }
        : {}),
  });
  if (r.page?.status !== 200)
    throw new Error(`launch answered ${r.page?.status ?? r.launch?.status ?? r.login.status}`);
  const ltik = new URL(r.launch!.headers.location as string, 'http://x').searchParams.get('ltik')!;
  return { agent, ltik, user: u, page: r.page };
}

/** A path with the session's ltik added. */
export const withLtik = (s: Pick<Session, 'ltik'>, path: string) =>
  `${path}${path.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(s.ltik)}`;

/** Posts a form; an array value repeats the field (checkboxes). */
export const postForm = (
  s: Pick<Session, 'agent' | 'ltik'>,
  path: string,
  form: Record<string, string | string[]>,
) =>
  s.agent
    .post(withLtik(s, path))
    .type('form')
    .send(
      new URLSearchParams(
        Object.entries(form).flatMap(([k, v]): Array<[string, string]> =>
          Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]],
        ),
      ).toString(),
    );

/** Reads every page of a shipped module and passes its quiz in the session, expecting the completion page. */
export async function passSampleModule(s: Session, slug: string): Promise<void> {
  const mod = sampleModule(slug);
  for (let p = 1; p <= mod.pages.length; p += 1)
    await s.agent.get(withLtik(s, `/app/modules/${slug}/pages/${p}`));
  const res = await s.agent
    .post(withLtik(s, `/app/modules/${slug}/quiz`))
    .type('form')
    .send(quizAnswers(mod));
  expect(res.text).toContain('data-testid="completion"');
}
