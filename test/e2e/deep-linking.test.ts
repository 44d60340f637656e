import fs from 'node:fs';
import path from 'node:path';
import { sampleModule } from '../support/module-fixtures';
import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import type supertest from 'supertest';
import { LTI, ROLE, user, type LmsUser } from '../support/simulated-lms';
import { parse } from 'parse5';
import { controlValue, errorSummary } from '../support/error-summary';
import { attr, walk } from '../support/html-tree';
import { launch, startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const deepLinkingClaims = (acceptMultiple: string | boolean = 'true', acceptTypes = ['ltiResourceLink']) =>
  t.lms.deepLinkingClaims(acceptMultiple, acceptTypes);

async function openPicker(
  u: LmsUser,
  claims = deepLinkingClaims(),
): Promise<{ agent: supertest.Agent; ltik: string; page: supertest.Response }> {
  const agent = t.agent();
  const r = await launch(t, agent, u, { claims });
  const ltik = new URL(r.launch!.headers.location as string, 'http://x').searchParams.get('ltik')!;
  return { agent, ltik, page: r.page! };
}

async function toolKey(kid: string): Promise<crypto.KeyObject> {
  const keys = (await t.agent().get('/lti/keys')).body as {
    keys: Array<crypto.JsonWebKey & { kid: string }>;
  };
  return crypto.createPublicKey({ key: keys.keys.find((k) => k.kid === kid)!, format: 'jwk' });
}

describe('Deep Linking 2.0: placing modules in a course', () => {
  it('when an instructor opens "Select content", then the picker lists the published modules with filters', async () => {
    const { agent, ltik, page } = await openPicker(user({ roles: [ROLE.instructor], locale: 'en' }));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Choose modules for your course');
    expect(page.text.split('data-module=').length - 1).toBe(17);
    expect(page.text).toContain('type="checkbox"');

    const filtered = await agent.get(`/lti/launch?ltik=${encodeURIComponent(ltik)}&skillSet=DG&q=pdpa`);
    expect(filtered.status).toBe(200);
    expect(filtered.text.split('data-module=').length - 1).toBe(1);
    expect(filtered.text).toContain('data-module="dg-pdpa-for-officials"');

    // "Others" develop Digital Literacy and Digital Governance (default targets): only modules crediting those.
    const byGroup = await agent.get(`/lti/launch?ltik=${encodeURIComponent(ltik)}&group=OTHER`);
    const expected = fs
      .readdirSync(path.join(__dirname, '../../config/catalogue/modules'))
      .map(
        (f) =>
          sampleModule(f.replace(/\.json$/, '')) as unknown as {
            slug: string;
            mappings: Array<{ skillSet: string }>;
          },
      )
      .filter((m) => m.mappings.some((x) => x.skillSet === 'DL' || x.skillSet === 'DG'))
      .map((m) => m.slug)
      .sort();
    const shown = [...byGroup.text.matchAll(/data-module="([^"]+)"/g)].map((m) => m[1]).sort();
    expect(shown).toEqual(expected);
    expect(shown).not.toContain('dld-digital-leadership');
  });

  it('when the instructor picks modules, then a signed LtiDeepLinkingResponse with resource links and line items goes back to the LMS', async () => {
    const { agent, ltik } = await openPicker(user({ roles: [ROLE.instructor], locale: 'th' }));
    const res = await agent
      .post(`/app/deep-link?ltik=${encodeURIComponent(ltik)}`)
      .type('form')
      .send('module=dg-pdpa-for-officials&module=dl-computer-basics');
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      `action="${t.lms.issuer}/mod/lti/contentitem_return.php?course&#x3D;2&amp;id&#x3D;1&amp;sesskey&#x3D;abc"`,
    );
    const token = /name="JWT" value="([^"]+)"/.exec(res.text)![1]!;

    const header = jwt.decode(token, { complete: true })!.header;
    const claims = jwt.verify(token, await toolKey(header.kid!), {
      algorithms: ['RS256'],
      audience: t.lms.issuer,
      issuer: t.lms.clientId,
    }) as Record<string, unknown>;
    expect(claims).toMatchObject({
      [`${LTI}message_type`]: 'LtiDeepLinkingResponse',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: t.lms.deploymentId,
      [`${DL}data`]: 'opaque-moodle-data',
    });
    const items = claims[`${DL}content_items`] as Array<Record<string, unknown>>;
    expect(items).toEqual([
      expect.objectContaining({
        type: 'ltiResourceLink',
        title: 'กฎหมายคุ้มครองข้อมูลส่วนบุคคล (PDPA) สำหรับเจ้าหน้าที่รัฐ',
        url: `${t.config.baseUrl}/lti/launch`,
        custom: { module: 'dg-pdpa-for-officials' },
        lineItem: expect.objectContaining({ scoreMaximum: 100, resourceId: 'dg-pdpa-for-officials' }),
      }),
      expect.objectContaining({ custom: { module: 'dl-computer-basics' } }),
    ]);
    expect(typeof claims.exp).toBe('number');
  });

  it.each([
    ['en', 'Modules to add: tick at least one module', 'Please correct the following'],
    ['th', 'บทเรียนที่จะเพิ่ม: เลือกอย่างน้อยหนึ่งบท', 'กรุณาแก้ไขรายการต่อไปนี้'],
  ] as const)(
    'when "Add to course" is pressed with nothing ticked (%s), then the picker comes back (422) saying so, with its filter, and nothing is signed',
    async (locale, item, heading) => {
      const { agent, ltik } = await openPicker(user({ roles: [ROLE.instructor], locale }));
      const res = await agent
        .post(`/app/deep-link?ltik=${encodeURIComponent(ltik)}`)
        .type('form')
        .send({ q: 'pdpa', skillSet: 'DG', group: '', lang: '', category: '', action: 'add' });
      expect(res.status).toBe(422);
      expect(res.text).not.toContain('name="JWT"');
      expect(res.text).toContain(heading);
      const summary = errorSummary(res.text);
      expect(summary.items).toEqual([{ text: item, field: 'module', href: '#m-dg-pdpa-for-officials' }]);
      expect(summary.unlinked).toEqual([]);
      expect(summary.danglingDescriptions).toEqual([]);
      // The same filtered list, its search and skill set as they were, in the form and in the one posting picks.
      expect([...res.text.matchAll(/data-module="([^"]+)"/g)].map((m) => m[1])).toEqual([
        'dg-pdpa-for-officials',
      ]);
      expect(controlValue(res.text, 'dl-q')).toBe('pdpa');
      expect(controlValue(res.text, 'dl-skill-set')).toBe('DG');
      expect(res.text).toContain('<input type="hidden" name="q" value="pdpa">');
      // The language switch leads to the picker of the same session, not to the POST's address.
      const other = [...walk(parse(res.text))]
        .filter((e) => e.tagName === 'a' && attr(e, 'class') === 'lang')
        .map((e) => attr(e, 'href'))[0];
      expect(new URL(other!, 'http://x').pathname).toBe('/lti/launch');
      expect((await agent.get(other!)).status).toBe(200);

      // Then a pick from the list that came back goes through.
      const picked = await agent
        .post(`/app/deep-link?ltik=${encodeURIComponent(ltik)}`)
        .type('form')
        .send({ q: 'pdpa', skillSet: 'DG', module: 'dg-pdpa-for-officials', action: 'add' });
      expect(picked.status).toBe(200);
      expect(picked.text).toContain('name="JWT"');
    },
  );

  it('when the instructor presses "Cancel", then a signed LtiDeepLinkingResponse with no items goes back to the LMS', async () => {
    const { agent, ltik, page } = await openPicker(user({ roles: [ROLE.instructor], locale: 'en' }));
    expect(page.text).toContain('data-testid="dl-cancel"');
    const res = await agent
      .post(`/app/deep-link?ltik=${encodeURIComponent(ltik)}`)
      .type('form')
      .send('module=dl-computer-basics&action=cancel');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`action="${t.lms.issuer}/mod/lti/contentitem_return.php?`);
    const token = /name="JWT" value="([^"]+)"/.exec(res.text)![1]!;
    const header = jwt.decode(token, { complete: true })!.header;
    expect(header.alg).toBe('RS256');
    const claims = jwt.verify(token, await toolKey(header.kid!), {
      algorithms: ['RS256'],
      audience: t.lms.issuer,
      issuer: t.lms.clientId,
    }) as Record<string, unknown>;
    expect(claims).toMatchObject({
      [`${LTI}message_type`]: 'LtiDeepLinkingResponse',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: t.lms.deploymentId,
      [`${DL}data`]: 'opaque-moodle-data',
      [`${DL}content_items`]: [],
    });
    expect(typeof claims.nonce).toBe('string');
  });

  it('when the LMS accepts a single item, then the picker offers radio buttons and two picks are refused', async () => {
    const { agent, ltik, page } = await openPicker(
      user({ roles: [ROLE.instructor], locale: 'en' }),
      deepLinkingClaims('false'),
    );
    expect(page.text).toContain('type="radio"');
    const res = await agent
      .post(`/app/deep-link?ltik=${encodeURIComponent(ltik)}`)
      .type('form')
      .send('module=dg-pdpa-for-officials&module=dl-computer-basics');
    expect(res.status).toBe(400);
  });

  it('when a module that does not exist is posted, then 400 and nothing is signed', async () => {
    const { agent, ltik } = await openPicker(user({ roles: [ROLE.instructor], locale: 'en' }));
    const res = await agent
      .post(`/app/deep-link?ltik=${encodeURIComponent(ltik)}`)
      .type('form')
      .send({ module: 'no-such-module' });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('name="JWT"');
  });

  it('when the LMS does not accept resource links, then the picker says the request cannot be served', async () => {
    const { page } = await openPicker(
      user({ roles: [ROLE.instructor], locale: 'en' }),
      deepLinkingClaims('true', ['file']),
    );
    expect(page.status).toBe(400);
  });

  it('when a learner launches a link placed this way, then it opens that module; an unknown module gets a 404 page', async () => {
    await openPicker(user({ roles: [ROLE.instructor], locale: 'en' })); // the instructor's visit gives the tenant its catalogue
    const placed = await launch(t, t.agent(), user({ locale: 'en' }), {
      resourceLink: { id: 'placed-link-1', title: 'PDPA' },
      claims: { [`${LTI}custom`]: { module: 'dg-pdpa-for-officials' } },
    });
    expect(placed.page?.status).toBe(200);
    expect(placed.page?.text).toContain('data-module="dg-pdpa-for-officials"');
    expect(placed.page?.text).toContain('The Personal Data Protection Act (PDPA) for Public Officials');
    expect(placed.page?.text).toContain('Quiz (questions: 6), pass mark 70 %.');

    const gone = await launch(t, t.agent(), user({ locale: 'th' }), {
      claims: { [`${LTI}custom`]: { module: 'removed-module' } },
    });
    expect(gone.page?.status).toBe(404);
    expect(gone.page?.text).toContain('ไม่พบบทเรียน');
  });

  it('when a learner reaches the picker or posts to it, then a 403 page', async () => {
    const { agent, ltik, page } = await openPicker(user({ locale: 'en' }));
    expect(page.status).toBe(403);
    const res = await agent
      .post(`/app/deep-link?ltik=${encodeURIComponent(ltik)}`)
      .type('form')
      .send({ module: 'dl-computer-basics' });
    expect(res.status).toBe(403);
  });
});
