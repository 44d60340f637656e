import {
  claimsProblem,
  issuerUrls,
  isOpenBadge,
  OB_CONTEXT,
  openBadgeCredential,
  STATUS_LIST_MIN_BITS,
  statusBit,
  statusBitstring,
  statusIndexOf,
  statusListCredential,
  VC_CONTEXT,
  verdict,
  type OpenBadgeInput,
} from '../../src/domain/credentials/open-badge';
import type { CertificateFacts } from '../../src/domain/certificates/certificate';

const BASE = 'https://tool.example.go.th/';
const ISSUER = 'AAAAAAAAAAAAAAAAAAAAAw';
const facts: CertificateFacts = {
  kind: 'module',
  organisation: { th: 'กรมตัวอย่าง', en: 'Example Department' },
  personName: 'Bea Badge',
  title: { th: 'คอมพิวเตอร์เบื้องต้น', en: 'Computer basics' },
  hours: 3,
  skillSets: [
    { code: 'DL', name: { th: 'การรู้ดิจิทัล', en: 'Digital Literacy' }, hours: 2 },
    { code: 'PSM', name: { th: 'การจัดการโครงการ', en: 'Project management' }, hours: 1 },
  ],
  on: '2026-11-30',
};
const ocsc = {
  name: { th: 'แนวทางของ ก.พ.', en: 'OCSC guideline' },
  skillSets: new Map([['DL', { th: 'การรู้ดิจิทัล', en: 'Digital Literacy' }]]),
};
const tpqi = {
  name: { th: 'สมรรถนะของสถาบันคุณวุฒิวิชาชีพ', en: 'TPQI 2567' },
  skillSets: new Map([['DL', { th: 'การรู้ดิจิทัล (TPQI)', en: 'Digital Literacy (TPQI)' }]]),
};
const input = (o: Partial<OpenBadgeInput> = {}): OpenBadgeInput => ({
  baseUrl: BASE,
  issuerPublicId: ISSUER,
  certificatePublicId: 'BBBBBBBBBBBBBBBBBBBBBw',
  achievementKey: 'module-7',
  facts,
  issuedAt: new Date('2026-12-01T03:04:05.678Z'),
  language: 'en',
  identity: { hash: 'sha256$00', salt: 'salt', type: 'emailAddress' },
  statusIndex: 42,
  framework: ocsc,
  crosswalked: [{ from: 'DL', framework: tpqi, code: 'DL' }],
  words: { achievementDescription: 'd', criteria: 'c', credentialName: 'n' },
  ...o,
});

describe('openBadgeCredential', () => {
  it('is an OpenBadgeCredential on VC 2.0 with the issuer Profile, validFrom to the second and its status entry', () => {
    const c = openBadgeCredential(input());
    const urls = issuerUrls(BASE, ISSUER);
    expect(c['@context']).toEqual([VC_CONTEXT, OB_CONTEXT]);
    expect(c.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(c.id).toBe('https://tool.example.go.th/credentials/BBBBBBBBBBBBBBBBBBBBBw');
    expect(c.issuer).toEqual({
      id: urls.profile,
      type: ['Profile'],
      name: 'Example Department',
      url: 'https://tool.example.go.th',
    });
    expect(c.validFrom).toBe('2026-12-01T03:04:05Z');
    expect(c.credentialStatus).toEqual({
      id: `${urls.statusList}#42`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '42',
      statusListCredential: urls.statusList,
    });
  });

  it('aligns the achievement to each skill set, and to the crosswalked code where one is linked', () => {
    const c = openBadgeCredential(input());
    const achievement = (c.credentialSubject as { achievement: { alignment: Array<Record<string, string>> } })
      .achievement;
    expect(achievement.alignment.map((a) => [a.targetFramework, a.targetCode, a.targetName])).toEqual([
      ['OCSC guideline', 'DL', 'Digital Literacy'],
      ['TPQI 2567', 'DL', 'Digital Literacy (TPQI)'],
      ['OCSC guideline', 'PSM', 'Project management'],
    ]);
  });

  it('writes every text in the language asked for, and says which', () => {
    const c = openBadgeCredential(input({ language: 'th' }));
    const subject = c.credentialSubject as { achievement: { name: string; inLanguage: string } };
    expect(c.inLanguage).toBe('th');
    expect(subject.achievement).toMatchObject({ name: 'คอมพิวเตอร์เบื้องต้น', inLanguage: 'th' });
    expect((c.issuer as { name: string }).name).toBe('กรมตัวอย่าง');
  });

  it('names the holder only by a hashed identifier, never by name or e-mail', () => {
    const c = openBadgeCredential(input());
    const text = JSON.stringify(c);
    expect(text).not.toContain('Bea Badge');
    expect((c.credentialSubject as { identifier: unknown[] }).identifier).toEqual([
      {
        type: 'IdentityObject',
        identityHash: 'sha256$00',
        identityType: 'emailAddress',
        hashed: true,
        salt: 'salt',
      },
    ]);
  });
});

describe('the status list', () => {
  it('is at least 16 KiB of bits, index 0 the first byte’s highest bit, grown in 16 KiB steps', () => {
    const bits = statusBitstring([0, 9, STATUS_LIST_MIN_BITS - 1], 10);
    expect(bits.length).toBe(STATUS_LIST_MIN_BITS / 8);
    expect(bits[0]).toBe(0x80);
    expect(bits[1]).toBe(0x40);
    expect(bits[bits.length - 1]).toBe(0x01);
    expect([0, 1, 9, STATUS_LIST_MIN_BITS - 1].map((i) => statusBit(bits, i))).toEqual([
      true,
      false,
      true,
      true,
    ]);
    expect(statusBitstring([], STATUS_LIST_MIN_BITS).length).toBe((2 * STATUS_LIST_MIN_BITS) / 8);
    expect(statusBit(bits, STATUS_LIST_MIN_BITS * 4)).toBe(false);
  });

  it('is a BitstringStatusListCredential for revocation', () => {
    const c = statusListCredential({
      baseUrl: BASE,
      issuerPublicId: ISSUER,
      issuerName: 'Example',
      encodedList: 'uH4sI',
      validFrom: new Date('2026-12-01T00:00:00Z'),
      ttlMs: 60_000,
    });
    expect(c.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect(c.credentialSubject).toMatchObject({
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: 'uH4sI',
    });
  });

  it('reads a credential’s index only from an entry of the expected list', () => {
    const list = issuerUrls(BASE, ISSUER).statusList;
    const entry = (o: Record<string, unknown>) => ({
      credentialStatus: {
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '5',
        statusListCredential: list,
        ...o,
      },
    });
    expect(statusIndexOf(entry({}), list)).toBe(5);
    for (const bad of [
      { statusListCredential: 'https://elsewhere.example/list' },
      { statusPurpose: 'suspension' },
      { statusListIndex: '-1' },
      { statusListIndex: '05' },
      { statusListIndex: 5 },
    ])
      expect([bad, statusIndexOf(entry(bad), list)]).toEqual([bad, undefined]);
    expect(statusIndexOf({}, list)).toBeUndefined();
  });
});

describe('the verdict', () => {
  const now = new Date('2026-12-02T00:00:00Z');
  const issuer = issuerUrls(BASE, ISSUER).profile;
  const payload = (o: Record<string, unknown> = {}) => ({
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer },
    iss: issuer,
    validFrom: '2026-12-01T00:00:00Z',
    ...o,
  });

  it('passes the checks before the one that failed and skips the rest', () => {
    expect(verdict({ check: 'issuer', problem: 'ISSUER_MISMATCH' }).checks.map((c) => c.result)).toEqual([
      'passed',
      'passed',
      'failed',
      'skipped',
      'skipped',
    ]);
    expect(verdict()).toMatchObject({ valid: true });
    expect(verdict().checks.every((c) => c.result === 'passed')).toBe(true);
  });

  it.each([
    ['another issuer', { issuer: { id: 'https://elsewhere.example/' } }, 'ISSUER_MISMATCH'],
    ['iss not the issuer', { iss: 'https://elsewhere.example/' }, 'ISSUER_MISMATCH'],
    ['valid from tomorrow', { validFrom: '2026-12-03T00:00:00Z' }, 'NOT_YET_VALID'],
    ['no validFrom', { validFrom: undefined }, 'NOT_YET_VALID'],
    ['expired', { validUntil: '2026-12-01T12:00:00Z' }, 'EXPIRED'],
  ])('refuses a credential with %s', (_name, o, problem) => {
    expect(claimsProblem(payload(o), issuer, now)?.problem).toBe(problem);
  });

  it('accepts a credential of the issuer, valid now, and knows an Open Badge by its types', () => {
    expect(claimsProblem(payload(), issuer, now)).toBeUndefined();
    expect(isOpenBadge(payload())).toBe(true);
    expect(isOpenBadge(payload({ type: ['VerifiableCredential'] }))).toBe(false);
  });
});
