import {
  certificateStatus,
  isCertificatePublicId,
  moduleCertificateFacts,
  organisationOnCertificate,
  revocationReasonProblem,
  signatoryOnCertificate,
  type CertificateSettings,
} from '../../src/domain/certificates/certificate';
import { pdfString } from '../../src/http/certificate-pdf';

const settings = (o: Partial<CertificateSettings> = {}): CertificateSettings => ({
  organisation: { th: '', en: '' },
  signatoryName: '',
  signatoryPosition: { th: '', en: '' },
  ...o,
});
const names = new Map([
  ['DL', { th: 'ความเข้าใจและใช้เทคโนโลยีดิจิทัล', en: 'Digital Literacy' }],
  ['DG', { th: 'การควบคุมกำกับ', en: 'Digital Governance' }],
  ['DT', { th: 'เทคโนโลยีดิจิทัล', en: 'Digital Technology' }],
]);

describe('the facts of a completion certificate', () => {
  const facts = (skillHours: Array<{ skillSet: string; hours: number }>, hours = 3) =>
    moduleCertificateFacts({
      organisation: { th: 'หน่วยงาน', en: 'Agency' },
      personName: 'สมหญิง รักเรียน',
      moduleTitle: { th: 'บทเรียน', en: 'Module' },
      hours,
      skillHours,
      completedOn: '2026-12-07',
      skillSetNames: names,
    });

  it.each([
    [
      'areas of one skill set add up',
      [
        { skillSet: 'DL', hours: 1 },
        { skillSet: 'DL', hours: 0.5 },
      ],
      [['DL', 1.5]],
    ],
    [
      'skill sets come in the framework order',
      [
        { skillSet: 'DT', hours: 1 },
        { skillSet: 'DL', hours: 2 },
      ],
      [
        ['DL', 2],
        ['DT', 1],
      ],
    ],
    [
      'a skill set with no hours is left out',
      [
        { skillSet: 'DG', hours: 0 },
        { skillSet: 'DL', hours: 1 },
      ],
      [['DL', 1]],
    ],
    [
      'an unknown code comes last, named by its code',
      [
        { skillSet: 'XX', hours: 1 },
        { skillSet: 'DG', hours: 1 },
      ],
      [
        ['DG', 1],
        ['XX', 1],
      ],
    ],
    ['hours are rounded to 0.01', [{ skillSet: 'DL', hours: 1 / 3 }], [['DL', 0.33]]],
  ])('%s', (_, skillHours, expected) => {
    const f = facts(skillHours);
    expect(f.skillSets.map((s) => [s.code, s.hours])).toEqual(expected);
    expect(f.kind).toBe('module');
    expect(f.on).toBe('2026-12-07');
  });

  it('an unknown code keeps its code as its name in both languages', () => {
    expect(facts([{ skillSet: 'XX', hours: 1 }]).skillSets[0]!.name).toEqual({ th: 'XX', en: 'XX' });
  });

  it('without a signatory the facts carry none (the PDF omits the signature line)', () => {
    expect('signatory' in facts([])).toBe(false);
  });
});

describe('the organisation and the signatory on a certificate', () => {
  it.each([
    ['both set', { th: 'กรม', en: 'Department' }, { th: 'กรม', en: 'Department' }],
    ['only Thai: English falls back to it', { th: 'กรม', en: '' }, { th: 'กรม', en: 'กรม' }],
    [
      'only English: Thai falls back to it',
      { th: '', en: 'Department' },
      { th: 'Department', en: 'Department' },
    ],
    ['neither: the LMS name', { th: ' ', en: '' }, { th: 'Moodle', en: 'Moodle' }],
  ])('%s', (_, organisation, expected) => {
    expect(organisationOnCertificate(settings({ organisation }), 'Moodle')).toEqual(expected);
  });

  it.each([
    [
      'no name: no signatory, whatever the position',
      settings({ signatoryPosition: { th: 'ผอ.', en: '' } }),
      undefined,
    ],
    [
      'a name: the signatory, positions trimmed',
      settings({ signatoryName: ' นายสมชาย ', signatoryPosition: { th: ' ผอ. ', en: '' } }),
      { name: 'นายสมชาย', position: { th: 'ผอ.', en: '' } },
    ],
  ])('%s', (_, s, expected) => {
    expect(signatoryOnCertificate(s)).toEqual(expected);
  });
});

describe('whether a certificate stands', () => {
  const at = (d: string) => new Date(d);
  it.each([
    ['neither revoked nor reversed', {}, { valid: true }],
    [
      'revoked by an administrator',
      { revoked: { at: at('2026-12-01'), reason: 'error' } },
      { valid: false, revocation: { by: 'administrator', at: at('2026-12-01'), reason: 'error' } },
    ],
    [
      'its completion reversed',
      { completionReversedAt: at('2026-12-02') },
      { valid: false, revocation: { by: 'reversal', at: at('2026-12-02') } },
    ],
    [
      'both: the earlier is what it is dated by',
      { revoked: { at: at('2026-12-03'), reason: 'late' }, completionReversedAt: at('2026-12-02') },
      { valid: false, revocation: { by: 'reversal', at: at('2026-12-02') } },
    ],
  ])('%s', (_, input, expected) => {
    expect(certificateStatus(input)).toEqual(expected);
  });
});

describe('public ids and revocation reasons', () => {
  it.each([
    ['VEHN1cG6QYC6IZC9M4bmOw', true],
    ['VEHN1cG6QYC6IZC9M4bmO', false],
    ['VEHN1cG6QYC6IZC9M4bmOw=', false],
    ["VEHN1cG6QYC6IZC9M4bm'w", false],
    ['', false],
  ])('%s is a public id: %s', (s, expected) => {
    expect(isCertificatePublicId(s)).toBe(expected);
  });

  it.each([
    ['', 'REASON_REQUIRED'],
    ['   ', 'REASON_REQUIRED'],
    ['x'.repeat(501), 'REASON_TOO_LONG'],
    ['issued in error', undefined],
  ])('reason %j: %s', (reason, expected) => {
    expect(revocationReasonProblem(reason)).toBe(expected);
  });
});

describe('strings as written into the PDF', () => {
  it('drops direction controls, so that a U+202E in a name cannot reverse what follows', () => {
    expect(pdfString('Eve\u202Eevil\u202C name\u2066x\u2069')).toBe('Eveevil namex');
  });
  it('spells sara am as nikhahit + sara aa (NFKC-equal), other Thai unchanged', () => {
    expect(pdfString('น้ำ กำ ที่')).toBe('น้\u0E4D\u0E32 ก\u0E4D\u0E32 ที่');
    expect(pdfString('น้ำ กำ ที่').normalize('NFKC')).toBe('น้ำ กำ ที่'.normalize('NFKC'));
  });
});
