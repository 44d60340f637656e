import crypto from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import jsonwebtoken from 'jsonwebtoken';
import { MOODLE_ROLES, ROLE, user } from '../support/simulated-lms';
import {
  openSession,
  passSampleModule,
  postForm,
  startTestApp,
  TOOL_BASE_URL,
  withLtik,
  type Session,
  type TestApp,
} from '../support/test-app';

// Issue #19 item 5: the certificates as Open Badges 3.0 credentials, checked the way an outside verifier would:
// the signature with jsonwebtoken (not jose, which signed it: another JWS implementation, its own key handling) against
// the key the credential's kid names; the shape against a JSON Schema of what the OB 3.0 specification requires;
// revocation through the published Bitstring Status List, decoded here with zlib.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
});
afterAll(async () => {
  await t.close();
});

const COURSE = 'course-badges';
const SLUG = 'dl-computer-basics';
const get = (s: Session, p: string) => s.agent.get(withLtik(s, p));
/** A path of the tool from one of its absolute URLs. */
const pathOf = (url: string) => {
  expect(url.startsWith(TOOL_BASE_URL)).toBe(true);
  return url.slice(TOOL_BASE_URL.length);
};
const segments = (jwt: string) => jwt.split('.') as [string, string, string];
const decodePart = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/**
 * What Open Badges 3.0 (on VC Data Model 2.0) requires of an OpenBadgeCredential, written from reading the
 * specification (no maintained npm package ships 1EdTech's schema files): the contexts in order, the types, an
 * issuer Profile, validFrom, an AchievementSubject with an achievement (id, type, name, description, criteria),
 * identifiers as IdentityObjects, alignments, a status entry and the schema reference.
 */
const containing = (value: string) => ({ type: 'array', contains: { const: value } });
const OB3_SHAPE = {
  type: 'object',
  required: ['@context', 'id', 'type', 'issuer', 'validFrom', 'name', 'credentialSubject'],
  properties: {
    '@context': {
      type: 'array',
      minItems: 2,
      prefixItems: [
        { const: 'https://www.w3.org/ns/credentials/v2' },
        {
          type: 'string',
          pattern: '^https://purl\\.imsglobal\\.org/spec/ob/v3p0/context(-3\\.0\\.\\d+)?\\.json$',
        },
      ],
    },
    id: { type: 'string', format: 'uri' },
    type: { allOf: [containing('VerifiableCredential'), containing('OpenBadgeCredential')] },
    name: { type: 'string', minLength: 1 },
    issuer: {
      type: 'object',
      required: ['id', 'type', 'name'],
      properties: {
        id: { type: 'string', format: 'uri' },
        type: containing('Profile'),
        name: { type: 'string' },
      },
    },
    validFrom: { type: 'string', format: 'date-time' },
    validUntil: { type: 'string', format: 'date-time' },
    credentialSubject: {
      type: 'object',
      required: ['type', 'achievement'],
      anyOf: [{ required: ['id'] }, { required: ['identifier'] }],
      properties: {
        type: containing('AchievementSubject'),
        identifier: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['type', 'identityHash', 'identityType', 'hashed'],
            properties: {
              type: { const: 'IdentityObject' },
              identityHash: { type: 'string' },
              identityType: { type: 'string' },
              hashed: { type: 'boolean' },
              salt: { type: 'string' },
            },
          },
        },
        achievement: {
          type: 'object',
          required: ['id', 'type', 'name', 'description', 'criteria'],
          properties: {
            id: { type: 'string', format: 'uri' },
            type: containing('Achievement'),
            name: { type: 'string', minLength: 1 },
            description: { type: 'string', minLength: 1 },
            criteria: { type: 'object', anyOf: [{ required: ['id'] }, { required: ['narrative'] }] },
            alignment: {
              type: 'array',
              items: {
                type: 'object',
                required: ['type', 'targetName', 'targetUrl'],
                properties: {
                  type: containing('Alignment'),
                  targetName: { type: 'string' },
                  targetUrl: { type: 'string', format: 'uri' },
                  targetCode: { type: 'string' },
                  targetFramework: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
    credentialStatus: {
      type: 'object',
      required: ['id', 'type'],
      properties: { id: { type: 'string', format: 'uri' }, type: { type: 'string' } },
    },
    credentialSchema: {
      type: 'array',
      items: { type: 'object', required: ['id', 'type'] },
    },
  },
};
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validOb3 = ajv.compile(OB3_SHAPE);

let learner: Session;
let email: string;
let publicId: string;
let jwt: string;
beforeAll(async () => {
  const u = user({ name: 'Bea Badge', locale: 'en' });
  email = u.email!;
  learner = await openSession(t, u, { course: COURSE, module: SLUG });
  await passSampleModule(learner, SLUG);
  const [row] = await t.db.query<{ id: number }>(
    `SELECT e.id FROM learning_entries e JOIN people p ON p.id = e.person_id
      WHERE p.platform_user_id = $1 AND e.source = 'module' AND e.kind = 'entry'`,
    [u.sub],
  );
  const res = await get(learner, `/app/certificates/module/${row!.id}/badge?in=en`);
  expect(res.status).toBe(303);
  publicId = /^\/credentials\/([A-Za-z0-9_-]{22})\?in=en&download=1$/.exec(res.headers.location!)![1]!;
  const badge = await t.agent().get(res.headers.location!);
  expect(badge.status).toBe(200);
  expect(badge.headers['content-type']).toMatch(/^application\/vc\+jwt/);
  expect(badge.headers['content-disposition']).toBe(`attachment; filename="badge-${publicId}.jwt"`);
  jwt = badge.text;
});

async function publicKeyOf(token: string): Promise<crypto.KeyObject> {
  const header = decodePart(segments(token)[0]);
  expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
  const jwk = await t.agent().get(pathOf(String(header.kid)));
  expect(jwk.status).toBe(200);
  return crypto.createPublicKey({ key: JSON.parse(jwk.text) as crypto.JsonWebKey, format: 'jwk' });
}

describe('an issued badge, as an outside verifier sees it', () => {
  it('when its signature is checked with jsonwebtoken against the key its kid names, then it holds and the payload is the credential with iss, jti and nbf', async () => {
    const payload = jsonwebtoken.verify(jwt, await publicKeyOf(jwt), { algorithms: ['RS256'] }) as Record<
      string,
      unknown
    >;
    const issuer = payload.issuer as { id: string };
    expect(payload.iss).toBe(issuer.id);
    expect(payload.jti).toBe(`${TOOL_BASE_URL}/credentials/${publicId}`);
    expect(payload.id).toBe(payload.jti);
    expect(payload.nbf).toBe(Math.floor(Date.parse(String(payload.validFrom)) / 1000));
    // The key is also in the issuer's JWK Set, under the same kid.
    const set = await t.agent().get(pathOf(`${issuer.id}/keys`));
    expect(set.headers['content-type']).toMatch(/^application\/jwk-set\+json/);
    expect((JSON.parse(set.text) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid)).toContain(
      decodePart(segments(jwt)[0]).kid,
    );
  });

  it('when its shape is validated against the OB 3.0 requirements, then it passes, aligned to the skill set and its TPQI code, with no plain e-mail', () => {
    const payload = decodePart(segments(jwt)[1]);
    expect(validOb3(payload) ? [] : validOb3.errors).toEqual([]);
    expect(payload.inLanguage).toBe('en');
    const subject = payload.credentialSubject as {
      identifier: Array<{ identityHash: string; salt: string; identityType: string }>;
      achievement: { name: string; alignment: Array<{ targetCode: string; targetFramework: string }> };
    };
    expect(subject.achievement.name).toBe('Using a Computer and Managing Files at Work');
    const frameworks = subject.achievement.alignment.map((a) => `${a.targetFramework} ${a.targetCode}`);
    expect(
      frameworks.some((f) => f.startsWith('Digital skills development guideline') && f.endsWith(' DL')),
    ).toBe(true);
    expect(frameworks.some((f) => f.startsWith('Digital Supporting Competency') && f.endsWith(' DL'))).toBe(
      true,
    );
    const [id] = subject.identifier;
    expect(id!.identityType).toBe('emailAddress');
    expect(id!.identityHash).toBe(
      `sha256$${crypto
        .createHash('sha256')
        .update(email + id!.salt)
        .digest('hex')}`,
    );
    expect(Buffer.from(segments(jwt)[1], 'base64url').toString()).not.toContain(email);
  });

  it('when the issuer Profile and the JSON of the badge are fetched, then they are public JSON of the same issuer', async () => {
    const payload = decodePart(segments(jwt)[1]);
    const issuer = payload.issuer as { id: string };
    const profile = await t.agent().get(pathOf(issuer.id));
    expect(profile.status).toBe(200);
    expect(JSON.parse(profile.text)).toMatchObject({ id: issuer.id, type: ['Profile'] });
    const json = await t.agent().get(`/credentials/${publicId}/json?in=th`);
    expect(json.status).toBe(200);
    const thai = JSON.parse(json.text) as Record<string, unknown>;
    expect(thai.id).toBe(payload.id);
    expect(thai.inLanguage).toBe('th');
    expect(thai.credentialStatus).toEqual(payload.credentialStatus);
  });

  it('when the badge is checked at the verify endpoint, then every check passes; the certificate page links it', async () => {
    const res = await t
      .agent()
      .post('/credentials/verify')
      .set('Content-Type', 'application/vc+jwt')
      .send(jwt);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ valid: true });
    const page = await t.agent().get(`/certificates/${publicId}?lang=en`);
    expect(page.text).toContain('data-testid="certificate-badge"');
    const links = page.text.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
    expect(links).toContain(`href="/credentials/${publicId}?in=en&download=1"`);
    expect(links).toContain(`href="/credentials/${publicId}/json?in=en"`);
  });

  it('when a badge is changed after it was issued, then jsonwebtoken and the verify endpoint refuse it', async () => {
    const [h, p, s] = segments(jwt);
    const payload = decodePart(p);
    (payload.credentialSubject as { achievement: { name: string } }).achievement.name = 'Something grander';
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    const key = await publicKeyOf(jwt);
    expect(() => jsonwebtoken.verify(forged, key, { algorithms: ['RS256'] })).toThrow(/invalid signature/);
    const res = await t.agent().post('/credentials/verify').send({ credential: forged });
    const verdict = JSON.parse(res.text) as {
      valid: boolean;
      checks: Array<{ check: string; problem?: string }>;
    };
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.find((c) => c.check === 'signature')).toMatchObject({ problem: 'BAD_SIGNATURE' });
    const junk = await t.agent().post('/credentials/verify').send({ credential: 'not a badge' });
    const refused = JSON.parse(junk.text) as { valid: boolean; checks: Array<{ problem?: string }> };
    expect(refused.valid).toBe(false);
    expect(refused.checks[0]).toEqual({ check: 'format', result: 'failed', problem: 'NOT_A_JWT' });
  });

  it('when a person pastes a badge into the check page, then the verdict is a page in their language', async () => {
    const th = await t.agent().post('/credentials/verify?lang=th').type('form').send({ credential: jwt });
    expect(th.status).toBe(200);
    expect(th.headers['content-type']).toMatch(/^text\/html/);
    expect(th.text).toContain('data-testid="badge-valid"');
    expect(th.text).toContain('เหรียญนี้ถูกต้อง');
    const en = await t.agent().post('/credentials/verify?lang=en').type('form').send({ credential: 'x.y' });
    expect(en.text).toContain('data-testid="badge-invalid"');
    expect(en.text).toContain('Not a badge in JWT form');
  });

  it('when an id is unknown or malformed, then 404 with nothing made', async () => {
    for (const p of [
      '/credentials/AAAAAAAAAAAAAAAAAAAAAA',
      '/credentials/not-an-id',
      '/credentials/AAAAAAAAAAAAAAAAAAAAAA/json',
      '/credentials/issuers/AAAAAAAAAAAAAAAAAAAAAA',
      '/credentials/issuers/AAAAAAAAAAAAAAAAAAAAAA/keys',
      '/credentials/issuers/AAAAAAAAAAAAAAAAAAAAAA/status/revocation',
    ]) {
      const res = await t.agent().get(p);
      expect([p, res.status]).toEqual([p, 404]);
    }
  });
});

describe('handing out badges', () => {
  it('when two learners fetch their new badges several times at once, then each badge gets one status index and no two share one', async () => {
    const learners = await Promise.all(
      [1, 2].map(async (i) => {
        const u = user({ name: `Concurrent ${i}`, locale: 'en' });
        const s = await openSession(t, u, { course: COURSE, module: SLUG });
        await passSampleModule(s, SLUG);
        const [row] = await t.db.query<{ id: number }>(
          `SELECT e.id FROM learning_entries e JOIN people p ON p.id = e.person_id
            WHERE p.platform_user_id = $1 AND e.source = 'module' AND e.kind = 'entry'`,
          [u.sub],
        );
        const pdf = await get(s, `/app/certificates/module/${row!.id}/badge?in=th`);
        return /\/credentials\/([A-Za-z0-9_-]{22})/.exec(pdf.headers.location!)![1]!;
      }),
    );
    const fetched = await Promise.all(
      [...learners, ...learners, ...learners].map(async (id) => {
        const res = await t.agent().get(`/credentials/${id}`);
        const status = decodePart(segments(res.text)[1]).credentialStatus as { statusListIndex: string };
        return [id, status.statusListIndex] as const;
      }),
    );
    const byId = new Map<string, Set<string>>();
    for (const [id, index] of fetched) byId.set(id, (byId.get(id) ?? new Set()).add(index));
    expect([...byId.values()].map((s) => s.size)).toEqual([1, 1]);
    const indexes = [...byId.values()].map((s) => [...s][0]);
    expect(new Set(indexes).size).toBe(2);
  });

  it("when an instructor follows a learner's badge link on the learner record, then it is the learner's badge; a learner cannot get another's", async () => {
    const [person] = await t.db.query<{ id: number; entry: number }>(
      `SELECT p.id, e.id AS entry FROM certificates c JOIN people p ON p.id = c.person_id
         JOIN learning_entries e ON e.id = c.entry_root_id WHERE c.public_id = $1`,
      [publicId],
    );
    const teacher = await openSession(t, user({ roles: [ROLE.instructor] }), {
      course: COURSE,
    });
    const res = await get(
      teacher,
      `/app/learners/${person!.id}/certificates/module/${person!.entry}/badge?in=th`,
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/credentials/${publicId}?in=th&download=1`);
    const other = await openSession(t, user({ locale: 'en' }), { course: COURSE });
    const refused = await get(other, `/app/certificates/module/${person!.entry}/badge?in=en`);
    expect(refused.status).toBe(404);
    expect(refused.headers.location).toBeUndefined();
  });

  it('when a check is posted with a body past 64 KiB, then a clear refusal, not a server error', async () => {
    const res = await t
      .agent()
      .post('/credentials/verify?lang=en')
      .type('form')
      .send({ credential: 'a'.repeat(70_000) });
    expect(res.status).toBe(413);
    expect(res.text).toContain('data-testid="badge-error"');
    expect(res.text).toContain('The text is too long.');
    const th = await t
      .agent()
      .post('/credentials/verify?lang=th')
      .type('form')
      .send({ credential: 'a'.repeat(70_000) });
    expect(th.text).toContain('ข้อความยาวเกินไป');
    const machine = await t
      .agent()
      .post('/credentials/verify')
      .type('application/vc+jwt')
      .send('a'.repeat(70_000));
    expect([machine.status, machine.text]).toEqual([413, '{"error":"too large"}']);
  });
});

describe('rotating the signing key', () => {
  it('when an administrator rotates the key, then new badges name the new key, and a badge signed before still verifies', async () => {
    const admin = await openSession(t, user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'en' }), {
      course: COURSE,
    });
    const page = await get(admin, '/app/organisation/certificates');
    expect(page.text).toContain('data-testid="rotate-badge-key"');
    const notAdmin = await postForm(learner, '/app/organisation/certificates/rotate-badge-key', {});
    expect(notAdmin.status).toBe(403);
    const done = await postForm(admin, '/app/organisation/certificates/rotate-badge-key', {});
    expect(done.status).toBe(303);
    expect(done.headers.location).toContain('done=keyRotated');
    const audit = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'certificate.badge_key_rotated'`,
    );
    expect(audit[0]!.n).toBe(1);

    const again = await t.agent().get(`/credentials/${publicId}?in=en`);
    const oldKid = String(decodePart(segments(jwt)[0]).kid);
    const newKid = String(decodePart(segments(again.text)[0]).kid);
    expect(newKid).not.toBe(oldKid);
    // The same credential, signed by the new key.
    expect(decodePart(segments(again.text)[1]).id).toBe(decodePart(segments(jwt)[1]).id);
    jsonwebtoken.verify(again.text, await publicKeyOf(again.text), { algorithms: ['RS256'] });
    jsonwebtoken.verify(jwt, await publicKeyOf(jwt), { algorithms: ['RS256'] });
    const set = await t.agent().get(pathOf(oldKid.replace(/\/[^/]+$/, '')));
    expect((JSON.parse(set.text) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid)).toEqual([
      oldKid,
      newKid,
    ]);
    for (const token of [jwt, again.text]) {
      const res = await t.agent().post('/credentials/verify').send({ credential: token });
      expect(JSON.parse(res.text)).toMatchObject({ valid: true });
    }
  });
});

describe('revocation through the status list', () => {
  it('when an administrator revokes the certificate, then its bit is set in the signed status list and the verify endpoint says revoked', async () => {
    const payload = decodePart(segments(jwt)[1]);
    const status = payload.credentialStatus as {
      type: string;
      statusPurpose: string;
      statusListIndex: string;
      statusListCredential: string;
    };
    expect(status).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    const index = Number(status.statusListIndex);
    const bitOf = async () => {
      const res = await t.agent().get(pathOf(status.statusListCredential));
      expect(res.headers['content-type']).toMatch(/^application\/vc\+jwt/);
      const list = jsonwebtoken.verify(res.text, await publicKeyOf(res.text), { algorithms: ['RS256'] }) as {
        type: string[];
        credentialSubject: { type: string; statusPurpose: string; encodedList: string };
      };
      expect(list.type).toContain('BitstringStatusListCredential');
      expect(list.credentialSubject).toMatchObject({
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
      });
      expect(list.credentialSubject.encodedList.startsWith('u')).toBe(true);
      const bits = gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url'));
      expect(bits.length).toBeGreaterThanOrEqual(16 * 1024);
      return (bits[index >> 3]! >> (7 - (index % 8))) & 1;
    };
    expect(await bitOf()).toBe(0);

    const admin = await openSession(t, user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'en' }), {
      course: COURSE,
    });
    const done = await postForm(admin, '/app/organisation/certificates/revoke', {
      certificate: publicId,
      reason: 'Issued in error',
    });
    expect(done.status).toBe(303);
    expect(await bitOf()).toBe(1);
    const res = await t.agent().post('/credentials/verify').send({ credential: jwt });
    const verdict = JSON.parse(res.text) as {
      valid: boolean;
      checks: Array<{ check: string; problem?: string }>;
    };
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.find((c) => c.check === 'revocation')).toMatchObject({ problem: 'REVOKED' });
    // The signature still holds: revocation is the status list's, not a change to the credential.
    expect(verdict.checks.find((c) => c.check === 'signature')).toMatchObject({ result: 'passed' });
  });
});
