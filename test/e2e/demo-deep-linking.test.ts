import crypto from 'node:crypto';
import { SignJWT } from 'jose';
import type supertest from 'supertest';
import { listen } from '../../src/app';
import { DEMO } from '../../src/demo/demo-platform';
import { createLtiRegistryRepository } from '../../src/db/lti-registry.repository';
import { generateSigningKey, signRs256 } from '../../src/demo/platform-kit';
import { quizAnswers, sampleModule } from '../support/module-fixtures';
import { ROLE, user } from '../support/simulated-lms';
import { launch, startTestApp, type TestApp } from '../support/test-app';
import { freePort } from '../support/tool-process';

// The demo LMS's "Select content" (#17 item 6), as a visitor's browser drives it, over real HTTP between the two
// sides: the demo signs its Deep Linking request with its key (the tool reads the demo's key set), the tool signs
// its answer with its key for the demo (the demo reads the tool's /lti/keys), and grades come back through AGS.

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const PICKED = ['dg-digital-government-laws', 'dg-pdpa-for-officials'] as const;
const laws = sampleModule(PICKED[0]);

let t: TestApp;
let stop: () => Promise<void>;
let base: string;
beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // A long poll interval: the tests deliver grades themselves (drain), a completion still kicks one round.
  t = await startTestApp({ BASE_URL: base, DEMO_PLATFORM: 'true', GRADE_POLL_MS: '3600000' });
  ({ stop } = await listen(t.app, port));
});
afterAll(async () => {
  await stop?.();
  await t?.close();
});

const demo = () => t.app.demo!;
const local = (url: string) => {
  const u = new URL(url, base);
  return u.pathname + u.search;
};
const decode = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

/** A launch from the demo page: its /demo/start link, the login initiation, the demo's id_token form, the post. */
async function launchFromDemo(
  agent: supertest.Agent,
  startPath: string,
): Promise<{ page: supertest.Response; ltik: string; idToken: string }> {
  const start = await agent.get(startPath);
  expect(start.status).toBe(302);
  const login = await agent.get(String(start.headers.location));
  expect(login.status).toBe(302);
  const auth = await agent.get(local(String(login.headers.location)));
  expect(auth.status).toBe(200);
  const idToken = /name="id_token" value="([^"]+)"/.exec(auth.text)![1]!;
  const state = /name="state" value="([^"]+)"/.exec(auth.text)![1]!;
  const posted = await agent.post('/lti/launch').type('form').send({ id_token: idToken, state });
  expect(posted.status).toBe(302);
  const location = String(posted.headers.location);
  const page = await agent.get(local(location));
  return { page, ltik: new URL(location, base).searchParams.get('ltik')!, idToken };
}

/** "Select content" as the demo instructor up to the tool's picker; the request's `data` is in its id_token. */
async function openPicker(locale: 'th' | 'en' = 'en') {
  const agent = t.agent();
  const r = await launchFromDemo(agent, `/demo/start?as=instructor&locale=${locale}&activity=select`);
  expect(r.page.status).toBe(200);
  const settings = decode(r.idToken)[`${DL}deep_linking_settings`] as { data: string };
  return { agent, ltik: r.ltik, page: r.page, data: settings.data };
}

/** The instructor's picks, signed by the tool: the JWT its page posts to the demo's return URL. */
async function pick(p: { agent: supertest.Agent; ltik: string }, modules: readonly string[]) {
  const res = await p.agent
    .post(`/app/deep-link?ltik=${encodeURIComponent(p.ltik)}`)
    .type('form')
    .send(modules.map((m) => `module=${m}`).join('&'));
  expect(res.status).toBe(200);
  expect(res.text).toContain(`action="${base}/demo/deep-link-return"`);
  return /name="JWT" value="([^"]+)"/.exec(res.text)![1]!;
}

/** The tool's page posting its answer to the demo, from a browser set to English. */
const postReturn = (jwt: string) =>
  t.agent().post('/demo/deep-link-return').set('Accept-Language', 'en').type('form').send({ JWT: jwt });

const placedIds = (html: string) => [...html.matchAll(/data-placed="([^"]+)"/g)].map((m) => m[1]!);

/** The tool's own key for the demo platform, to sign answers that differ from a real one in one claim. */
async function toolSigningKey() {
  const registry = createLtiRegistryRepository(t.db, t.config.encryptionKey);
  return (await registry.signingKey(demo().issuer, DEMO.clientId))!;
}

/** A well-formed answer to the request `data`, as the tool signs it, with `changes` applied. */
async function toolAnswer(
  data: string,
  changes: Record<string, unknown> = {},
  audience = demo().issuer,
  issuedSecondsAgo = 0,
) {
  const signing = await toolSigningKey();
  const claims = {
    nonce: crypto.randomBytes(12).toString('base64url'),
    [`${LTI}deployment_id`]: DEMO.deploymentId,
    [`${LTI}message_type`]: 'LtiDeepLinkingResponse',
    [`${LTI}version`]: '1.3.0',
    [`${DL}data`]: data,
    [`${DL}content_items`]: [
      { type: 'ltiResourceLink', title: 'Forged', url: `${base}/lti/launch`, custom: { module: PICKED[1] } },
    ],
    ...changes,
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: signing.kid })
    .setIssuer(DEMO.clientId)
    .setAudience(audience)
    .setIssuedAt(Math.floor(Date.now() / 1000) - issuedSecondsAgo)
    .setExpirationTime(Math.floor(Date.now() / 1000) - issuedSecondsAgo + 60)
    .sign(signing.key);
}

describe('Deep Linking in the demo LMS: select content, place, launch, grade', () => {
  it('when the instructor presses "Cancel" in the picker, then the demo verifies an answer with nothing to place and closes its dialog', async () => {
    const picker = await openPicker('en');
    const before = demo().course.activities().length;
    const res = await picker.agent
      .post(`/app/deep-link?ltik=${encodeURIComponent(picker.ltik)}`)
      .type('form')
      .send({ action: 'cancel' });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`action="${base}/demo/deep-link-return"`);
    const jwt = /name="JWT" value="([^"]+)"/.exec(res.text)![1]!;
    expect(decode(jwt)[`${DL}content_items`]).toEqual([]);
    const returned = await postReturn(jwt);
    expect(returned.status).toBe(200);
    // Accepted (data-accepted: the demo's page goes back to its course, as Moodle closes its dialog), nothing placed.
    expect(returned.text).toContain('data-accepted');
    expect(returned.text).toContain('The answer was verified; the tool returned nothing to place.');
    expect(demo().course.activities()).toHaveLength(before);
  });

  it('when the instructor selects two modules, then the verified answer places two launchable activities, and a learner’s completion of one reaches the demo gradebook', async () => {
    // 1. "Select content": a real LtiDeepLinkingRequest from the demo, answered by the tool's picker.
    const picker = await openPicker('en');
    expect(picker.page.text).toContain('Choose modules for your course');
    const jwt = await pick(picker, PICKED);
    const answer = decode(jwt);
    expect(answer[`${DL}data`]).toBe(picker.data);

    // 2. The demo's return URL verifies the signed answer and places both modules.
    const returned = await postReturn(jwt);
    expect(returned.status).toBe(200);
    expect(returned.text).toContain('data-testid="demo-return-message"');
    expect(returned.text).toContain('Activities placed in the demo course (2):');
    expect(returned.text).toContain('<script src="/static/demo-return.js"></script>');
    const placed = demo().course.activities();
    expect(placed.map((a) => a.custom)).toEqual([{ module: PICKED[0] }, { module: PICKED[1] }]);
    expect(placed[0]).toMatchObject({
      title: laws.title.en,
      url: `${base}/lti/launch`,
      lineItem: { scoreMaximum: 100, resourceId: PICKED[0] },
    });

    // 3. The demo page lists them, each launchable as learner and instructor.
    const page = await t.agent().get('/demo?lang=en&placed=2');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Activities placed in the demo course: 2.');
    const ids = placedIds(page.text);
    expect(ids).toHaveLength(2);
    for (const id of ids)
      for (const role of ['learner', 'instructor'])
        expect(page.text).toContain(
          `href="/demo/start?as&#x3D;${role}&amp;locale&#x3D;en&amp;placement&#x3D;${id}"`,
        );
    expect(page.text).toContain(laws.title.en);

    // 4. A learner opens the first: a resource-link launch with the item's custom module and its line item.
    const agent = t.agent();
    const learner = await launchFromDemo(agent, `/demo/start?as=learner&locale=th&placement=${ids[0]}`);
    expect(learner.page.status).toBe(200);
    expect(learner.page.text).toContain('data-testid="continue"');
    const claims = decode(learner.idToken);
    expect(claims[`${LTI}custom`]).toEqual({ module: PICKED[0] });
    expect(claims[`${LTI}resource_link`]).toMatchObject({ id: `demo-placed-${ids[0]}` });
    expect(claims['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint']).toMatchObject({
      lineitem: `${demo().issuer}/lineitems/placed-${ids[0]}/lineitem`,
    });

    // 5. The learner completes it; the grade goes to the demo's AGS endpoint for that activity.
    const q = `ltik=${encodeURIComponent(learner.ltik)}`;
    for (let i = 1; i <= laws.pages.length; i += 1)
      expect((await agent.get(`/app/modules/${PICKED[0]}/pages/${i}?${q}`)).status).toBe(200);
    const quiz = await agent.post(`/app/modules/${PICKED[0]}/quiz?${q}`).type('form').send(quizAnswers(laws));
    expect(quiz.text).toContain('data-testid="completion"');
    await t.app.grades.drain();
    expect(demo().gradebook()).toEqual([
      expect.objectContaining({
        column: { kind: 'placed', id: ids[0] },
        userId: DEMO.users.learner.sub,
        scoreGiven: 100,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
      }),
    ]);

    // 6. The demo gradebook shows it under the activity, its status in the page's language.
    const th = await t.agent().get('/demo?lang=th');
    const gradebook = /<table class="stack" data-testid="gradebook">[\s\S]*?<\/table>/.exec(th.text)![0];
    // Titled as the tool named it, in the instructor's language when placed.
    expect(gradebook).toContain(`<bdi>${laws.title.en}</bdi>`);
    expect(gradebook).toContain('100 / 100');
    expect(gradebook).toContain('ทำเสร็จแล้ว, ให้คะแนนครบแล้ว');
    expect(gradebook).toContain('<th scope="col">สถานะ</th>');
    expect(gradebook).not.toMatch(/Completed|FullyGraded/);
    const en = await t.agent().get('/demo?lang=en');
    expect(en.text).toContain('Completed, fully graded');

    // 7. The same answer posted again is a replay: refused, nothing placed twice.
    const again = await postReturn(jwt);
    expect(again.status).toBe(400);
    expect(again.text).toContain('It was received before: an answer is accepted once.');
    expect(demo().course.activities()).toHaveLength(2);
  });

  it('when a placed activity is removed, then it leaves the list and the gradebook, and its link says so in the visitor’s language', async () => {
    const picker = await openPicker('th');
    expect((await postReturn(await pick(picker, [PICKED[1]]))).status).toBe(200);
    const id = demo().course.activities().at(-1)!.id;

    const foreign = await t
      .agent()
      .post(`/demo/placed/${id}/remove`)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ lang: 'en' });
    expect(foreign.status).toBe(403);
    const crossSite = await t
      .agent()
      .post(`/demo/placed/${id}/remove`)
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Origin', 'null')
      .type('form')
      .send({ lang: 'en' });
    expect(crossSite.status).toBe(403);
    expect(demo().course.activity(id)).toBeDefined();

    const removed = await t
      .agent()
      .post(`/demo/placed/${id}/remove`)
      .set('Sec-Fetch-Site', 'same-origin')
      .set('Origin', 'null')
      .type('form')
      .send({ lang: 'th' });
    expect(removed.status).toBe(303);
    expect(removed.headers.location).toBe('/demo?lang=th&removed=1#placed');
    expect(demo().course.activity(id)).toBeUndefined();
    const page = await t.agent().get('/demo?lang=th&removed=1');
    expect(page.text).toContain('นำกิจกรรมและคอลัมน์ในสมุดคะแนนออกแล้ว');
    expect(placedIds(page.text)).not.toContain(id);

    const stale = await t.agent().get(`/demo/start?as=learner&locale=th&placement=${id}`);
    expect(stale.status).toBe(404);
    expect(stale.text).toContain('กิจกรรมนี้ไม่อยู่ในรายวิชาสาธิตแล้ว');
    const again = await t.agent().post(`/demo/placed/${id}/remove`).type('form').send({ lang: 'en' });
    expect(again.status).toBe(404);
    expect(again.text).toContain('That activity is no longer in the demo course.');
  });

  it('when a learner asks for "Select content", then a translated refusal and no request', async () => {
    const res = await t.agent().get('/demo/start?as=learner&locale=en&activity=select');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Only a teacher of the course may select content.');
    const bad = await t.agent().get('/demo/start?as=nobody&locale=th');
    expect(bad.status).toBe(400);
    expect(bad.text).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('the demo LMS refuses a bad Deep Linking answer and places nothing', () => {
  const refusals: Array<[string, (data: string) => Promise<string>, string]> = [
    [
      'signed with another key (its own kid)',
      async (data) => {
        const key = await generateSigningKey();
        const now = Math.floor(Date.now() / 1000);
        return signRs256(
          {
            ...decode(await toolAnswer(data)),
            iat: now,
            exp: now + 60,
          },
          key,
        );
      },
      "Its signature does not verify with any key of the tool's key set.",
    ],
    [
      "signed with another key under the tool's kid",
      async (data) => {
        const key = await generateSigningKey();
        const real = await toolAnswer(data);
        const header = JSON.parse(Buffer.from(real.split('.')[0]!, 'base64url').toString()) as {
          kid: string;
        };
        return signRs256(decode(real), { ...key, kid: header.kid });
      },
      "Its signature does not verify with any key of the tool's key set.",
    ],
    [
      'addressed to another LMS (aud)',
      (data) => toolAnswer(data, {}, 'https://other-lms.example'),
      "It was not issued by this LMS's client ID, or not addressed to this LMS.",
    ],
    [
      'expired (issued 5 minutes ago, living 60 s)',
      (data) => toolAnswer(data, {}, demo().issuer, 300),
      'It has expired, or is dated in the future.',
    ],
    [
      'for another deployment',
      (data) => toolAnswer(data, { [`${LTI}deployment_id`]: 'another-deployment' }),
      'It is for another deployment of the tool.',
    ],
    [
      'not a Deep Linking response',
      (data) => toolAnswer(data, { [`${LTI}message_type`]: 'LtiResourceLinkRequest' }),
      'It is not an LtiDeepLinkingResponse of LTI 1.3.',
    ],
    [
      'answering no request of the demo (data)',
      () => toolAnswer('not-a-request-of-ours'),
      'It answers no "Select content" request of this LMS that is still open.',
    ],
    [
      'with a link to another site',
      (data) =>
        toolAnswer(data, {
          [`${DL}content_items`]: [{ type: 'ltiResourceLink', url: 'https://evil.example/launch' }],
        }),
      'An item in it is not a resource link of the tool.',
    ],
    [
      'with an item of a type the demo did not ask for',
      (data) => toolAnswer(data, { [`${DL}content_items`]: [{ type: 'html', html: '<script>' }] }),
      'An item in it is not a resource link of the tool.',
    ],
    ['not a JWT', () => Promise.resolve('not.a-jwt'), 'It is not a readable Deep Linking response'],
  ];

  it.each(refusals)(
    'when the answer is %s, then 400 with the reason and nothing placed',
    async (_name, forge, reason) => {
      const { data } = await openPicker('en');
      const before = demo().course.activities().length;
      const res = await t
        .agent()
        .post('/demo/deep-link-return')
        .set('Accept-Language', 'en')
        .type('form')
        .send({ JWT: await forge(data) });
      expect(res.status).toBe(400);
      expect(res.text).toContain('The demo LMS refused the tool&#x27;s answer. Nothing was placed.');
      expect(res.text).toContain(reason.replace(/'/g, '&#x27;').replace(/"/g, '&quot;'));
      expect(res.text).toContain('role="alert"');
      expect(res.text).toContain('<html lang="en">');
      expect(demo().course.activities()).toHaveLength(before);
    },
  );

  it('when the tool answers another LMS’s request (aud is that LMS), then the demo refuses it', async () => {
    // A real answer of the tool, to the tests' simulated Moodle's "Select content", posted to the demo instead.
    const agent = t.agent();
    const r = await launch(t, agent, user({ roles: [ROLE.instructor], locale: 'en' }), {
      claims: t.lms.deepLinkingClaims(),
    });
    const ltik = new URL(r.launch!.headers.location as string, base).searchParams.get('ltik')!;
    const res = await agent
      .post(`/app/deep-link?ltik=${encodeURIComponent(ltik)}`)
      .type('form')
      .send(`module=${PICKED[1]}`);
    const jwt = /name="JWT" value="([^"]+)"/.exec(res.text)![1]!;
    const before = demo().course.activities().length;
    const refused = await postReturn(jwt);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('not addressed to this LMS');
    expect(demo().course.activities()).toHaveLength(before);
  });

  it('when a second answer to a request already answered comes, then it is refused (the request is spent)', async () => {
    const picker = await openPicker('en');
    const jwt = await pick(picker, [PICKED[0]]);
    const before = demo().course.activities().length;
    expect((await postReturn(jwt)).status).toBe(200);
    // A second, different answer to the same (now answered) request: its data is spent.
    const second = await postReturn(await toolAnswer(picker.data));
    expect(second.status).toBe(400);
    expect(second.text).toContain('request of this LMS that is still open');
    expect(demo().course.activities()).toHaveLength(before + 1);
  });

  it('when a new answer carries the nonce of one received before, then it is refused as a replay and its request stays open', async () => {
    const first = await openPicker('en');
    const accepted = await toolAnswer(first.data);
    expect((await postReturn(accepted)).status).toBe(200);
    const { nonce } = decode(accepted);

    const second = await openPicker('en');
    const before = demo().course.activities().length;
    const replayed = await postReturn(await toolAnswer(second.data, { nonce }));
    expect(replayed.status).toBe(400);
    expect(replayed.text).toContain('It was received before: an answer is accepted once.');
    expect(demo().course.activities()).toHaveLength(before);
    // The request itself was not used up by the replay: the tool's real answer to it is placed.
    expect((await postReturn(await toolAnswer(second.data))).status).toBe(200);
    expect(demo().course.activities()).toHaveLength(before + 1);
  });
});
