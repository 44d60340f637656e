import {
  evaluateEligibility,
  type Assessment,
  type EligibilityRule,
  type LearnerRecord,
} from '../../src/domain/assessment/eligibility';
import {
  namesInOfficialImport,
  parseResultDate,
  planOfficialImport,
  readOfficialRows,
  resultKey,
  type HeldResult,
  type OfficialCodes,
  type OfficialPerson,
  type OfficialRow,
} from '../../src/domain/agency/official-results-import';
import {
  loosenings,
  looserThan,
  parseRuleForm,
  ruleFormValues,
} from '../../src/domain/assessment/rule-editing';
import { personId } from '../../src/shared/ids';

// Issue #19 item 6: official results (the DG-SA self-assessment of seed 002, TPQI certification of seeds 000
// and 001) imported from CSV, and the rule item "certified".

const HEADER = 'lms_user_id,kind,code,level,date,certificate_number';
const TODAY = '2026-11-23';
const CODES: OfficialCodes = {
  dgSa: { skillSets: ['DL', 'DG', 'DT', 'DPS', 'PSM', 'DLD', 'DTF'], stages: 3 },
  tpqi: {
    units: new Map([
      ['DG-TNMQ-001', 'DL'],
      ['DG-LKUE-040', 'CS'],
    ]),
    areas: ['DL', 'DG', 'DLD', 'DT', 'DS', 'DUS', 'CS'],
  },
};
const somchai: OfficialPerson = {
  personId: personId(1),
  platformUserId: 'u1',
  email: 'somchai@example.go.th',
};
const suda: OfficialPerson = { personId: personId(2), platformUserId: 'u2', email: 'shared@example.go.th' };
const malee: OfficialPerson = { personId: personId(3), platformUserId: 'u3', email: 'shared@example.go.th' };
const admin: OfficialPerson = { personId: personId(9), platformUserId: 'admin' };
const PEOPLE = {
  byUserId: new Map([somchai, suda, malee, admin].map((p) => [p.platformUserId, p])),
  byEmail: new Map<string, OfficialPerson[]>([
    ['somchai@example.go.th', [somchai]],
    ['shared@example.go.th', [suda, malee]],
  ]),
};

const rowsOf = (text: string): OfficialRow[] => {
  const read = readOfficialRows(text);
  if ('code' in read) throw new Error(read.code);
  return read.rows;
};
const plan = (body: string[], held: HeldResult[] = []) =>
  planOfficialImport(
    rowsOf([HEADER, ...body].join('\n')),
    PEOPLE,
    CODES,
    new Map(held.map((h) => [resultKey(h), h])),
    admin.personId,
    TODAY,
  );

describe('reading an official-results file', () => {
  it('reads the six columns, quoted cells and CRLF, and a DG-SA-only file without the certificate column', () => {
    expect(
      rowsOf(
        `${HEADER}\r\nu1,dg_sa,DL,2,2026-03-15,\r\n"u2",tpqi_certification,dg-tnmq-001,3,15/3/2569,"A 1"`,
      ),
    ).toEqual([
      {
        line: 2,
        user: 'u1',
        kind: 'dg_sa',
        code: 'DL',
        level: '2',
        date: '2026-03-15',
        certificateNumber: '',
        extraCells: false,
      },
      {
        line: 3,
        user: 'u2',
        kind: 'tpqi_certification',
        code: 'dg-tnmq-001',
        level: '3',
        date: '15/3/2569',
        certificateNumber: 'A 1',
        extraCells: false,
      },
    ]);
    expect(rowsOf('Email,Kind,Code,Level,Date\nsomchai@example.go.th,dg_sa,DG,1,2026-01-02\n')).toHaveLength(
      1,
    );
  });

  it.each([
    ['no header', 'u1,dg_sa,DL,2,2026-03-15,\n', 'BAD_HEADER'],
    ['the target-group header', 'email,group\nu1,SERV\n', 'BAD_HEADER'],
    ['columns in another order', 'email,code,kind,level,date,certificate_number\n', 'BAD_HEADER'],
    ['a header and no rows', `${HEADER}\n`, 'NO_ROWS'],
    ['an unclosed quote', `${HEADER}\n"u1,dg_sa,DL,2,2026-03-15,\n`, 'BAD_CSV'],
    ['nothing', ' \n', 'EMPTY_FILE'],
  ])('refuses %s', (_, text, code) => {
    expect(readOfficialRows(text)).toMatchObject({ code });
  });
});

describe('dates: ISO (Christian era) or day/month/year in the Buddhist era', () => {
  it.each([
    ['2026-03-15', '2026-03-15'],
    ['15/3/2569', '2026-03-15'],
    ['๑๕/๐๓/๒๕๖๙', '2026-03-15'],
    ['29/2/2567', '2024-02-29'],
    ['15.3.2569', '2026-03-15'],
  ])('reads %s as %s', (typed, iso) => expect(parseResultDate(typed)).toBe(iso));

  it.each([
    '15/3/2026',
    '2569-03-15',
    '31/4/2569',
    '29/2/2568',
    '2026-3-15',
    '15 มี.ค. 2569',
    '',
    '2026-13-01',
  ])('refuses %s', (typed) => expect(parseResultDate(typed)).toBeUndefined());
});

describe('judging the rows', () => {
  it('adds a DG-SA level per skill set and a TPQI certification with its number, codes in any case', () => {
    const p = plan([
      'u1,dg_sa,dl,2,2026-03-15,',
      'somchai@example.go.th,TPQI_CERTIFICATION,dg-tnmq-001,3,15/3/2569,TPQI-2569-000123',
    ]);
    expect(p.counts).toEqual({ add: 2, replace: 0, unchanged: 0, error: 0 });
    expect(p.rows.map((r) => r.outcome.kind === 'add' && r.outcome.result)).toEqual([
      {
        personId: somchai.personId,
        kind: 'dg_sa',
        code: 'DL',
        area: 'DL',
        level: 2,
        awardedOn: '2026-03-15',
      },
      {
        personId: somchai.personId,
        kind: 'tpqi_certification',
        code: 'DG-TNMQ-001',
        area: 'DL',
        level: 3,
        awardedOn: '2026-03-15',
        certificateNumber: 'TPQI-2569-000123',
      },
    ]);
  });

  it.each<[string, string, string, Record<string, unknown>]>([
    ['an empty person', ',dg_sa,DL,2,2026-03-15,', 'EMPTY_USER', {}],
    ['an unknown person', 'nobody,dg_sa,DL,2,2026-03-15,', 'UNKNOWN_PERSON', {}],
    ['an e-mail two people share', 'shared@example.go.th,dg_sa,DL,2,2026-03-15,', 'AMBIGUOUS_EMAIL', {}],
    ['an unknown kind', 'u1,tpqi,DL,2,2026-03-15,', 'UNKNOWN_KIND', {}],
    ['a DG-SA code of no skill set of the framework', 'u1,dg_sa,CS,2,2026-03-15,', 'UNKNOWN_CODE', {}],
    [
      'a TPQI code of no unit or area',
      'u1,tpqi_certification,DG-EJJM-026,3,2026-03-15,N1',
      'UNKNOWN_CODE',
      {},
    ],
    ['a DG-SA level past the stages', 'u1,dg_sa,DL,4,2026-03-15,', 'BAD_LEVEL', { min: 0, max: 3 }],
    ['a TPQI level 0', 'u1,tpqi_certification,DL,0,2026-03-15,N1', 'BAD_LEVEL', { min: 1, max: 8 }],
    ['a TPQI level 9', 'u1,tpqi_certification,DL,9,2026-03-15,N1', 'BAD_LEVEL', { min: 1, max: 8 }],
    ['a level in words', 'u1,dg_sa,DL,Developing,2026-03-15,', 'BAD_LEVEL', {}],
    ['a Christian year typed day first', 'u1,dg_sa,DL,2,15/3/2026,', 'BAD_DATE', {}],
    ['no day', 'u1,dg_sa,DL,2,,', 'BAD_DATE', {}],
    ['a date after today', 'u1,dg_sa,DL,2,2026-11-24,', 'FUTURE_DATE', {}],
    [
      'TPQI without a certificate number',
      'u1,tpqi_certification,DL,3,2026-03-15,',
      'NO_CERTIFICATE_NUMBER',
      {},
    ],
    ['DG-SA with a certificate number', 'u1,dg_sa,DL,2,2026-03-15,N1', 'CERTIFICATE_NUMBER_NOT_TPQI', {}],
    [
      'a certificate number of markup',
      'u1,tpqi_certification,DL,3,2026-03-15,<b>1</b>',
      'BAD_CERTIFICATE_NUMBER',
      {},
    ],
    ['a cell past the columns', 'u1,dg_sa,DL,2,2026-03-15,,x', 'EXTRA_CELLS', {}],
    ["the importer's own row", 'admin,dg_sa,DL,2,2026-03-15,', 'OWN_ROW', {}],
  ])('refuses %s', (_, row, code, more) => {
    const p = plan([row]);
    expect(p.counts.error).toBe(1);
    expect(p.rows[0]!.outcome).toMatchObject({ kind: 'error', code, ...more });
  });

  it('a result on two rows (same person, kind, code and date, by id and by e-mail) is an error on both', () => {
    const p = plan([
      'u1,dg_sa,DL,2,2026-03-15,',
      'u2,dg_sa,DL,2,2026-03-15,',
      'somchai@example.go.th,dg_sa,dl,3,15/3/2569,',
    ]);
    expect(p.rows.map((r) => r.outcome)).toMatchObject([
      { kind: 'error', code: 'DUPLICATE_ROW', otherLine: 4 },
      { kind: 'add' },
      { kind: 'error', code: 'DUPLICATE_ROW', otherLine: 2 },
    ]);
  });

  it('a result held already is unchanged; another level or number on the same day replaces it; another day adds', () => {
    const held: HeldResult[] = [
      { id: 7, personId: somchai.personId, kind: 'dg_sa', code: 'DL', level: 2, awardedOn: '2026-03-15' },
      {
        id: 8,
        personId: somchai.personId,
        kind: 'tpqi_certification',
        code: 'DG-TNMQ-001',
        level: 3,
        awardedOn: '2026-03-15',
        certificateNumber: 'N1',
      },
    ];
    const p = plan(
      [
        'u1,dg_sa,DL,2,2026-03-15,',
        'u1,tpqi_certification,DG-TNMQ-001,4,2026-03-15,N1',
        'u1,dg_sa,DL,3,2026-06-01,',
      ],
      held,
    );
    expect(p.counts).toEqual({ add: 1, replace: 1, unchanged: 1, error: 0 });
    expect(p.rows[1]!.outcome).toMatchObject({ kind: 'replace', before: { id: 8, level: 3 } });
  });

  it('names the people to look up once each', () => {
    expect(
      namesInOfficialImport(
        rowsOf(
          `${HEADER}\nu1,dg_sa,DL,1,2026-01-01,\nU@X.th,dg_sa,DG,1,2026-01-01,\nu1,dg_sa,DG,1,2026-01-01,`,
        ),
      ),
    ).toEqual({
      userIds: ['u1'],
      emails: ['u@x.th'],
    });
  });
});

describe('the rule item "certified"', () => {
  const assessment = (rule: EligibilityRule): Assessment => ({
    code: 'TPQI-DL',
    name: { th: 'x', en: 'x' },
    description: { th: 'x', en: 'x' },
    rules: { '*': rule },
  });
  const record = (o: Partial<LearnerRecord> = {}): LearnerRecord => ({
    targetGroup: 'SERV',
    entries: [],
    completedModules: new Set(),
    selfAssessments: [],
    ...o,
  });
  const cert = (code: string, area: string, level: number, awardedOn = '2026-03-15') => ({
    code,
    area,
    level,
    awardedOn,
  });

  it.each<[string, EligibilityRule['certifications'], LearnerRecord['certifications'], boolean | object]>([
    ['no certification held', [{ code: 'DG-TNMQ-001' }], [], { certification: 'DG-TNMQ-001' }],
    ['the unit at any level', [{ code: 'DG-TNMQ-001' }], [cert('DG-TNMQ-001', 'DL', 1)], true],
    ['the unit for its area (DL)', [{ code: 'DL', minLevel: 3 }], [cert('DG-TNMQ-001', 'DL', 3)], true],
    [
      'the area for a unit of it: not enough',
      [{ code: 'DG-TNMQ-001' }],
      [cert('DL', 'DL', 5)],
      { certification: 'DG-TNMQ-001' },
    ],
    [
      'a level below the rule',
      [{ code: 'DL', minLevel: 4 }],
      [cert('DG-TNMQ-001', 'DL', 3), cert('DL', 'DL', 2)],
      { certification: 'DL', minLevel: 4, heldLevel: 3 },
    ],
    ['another area', [{ code: 'CS' }], [cert('DG-TNMQ-001', 'DL', 3)], { certification: 'CS' }],
    ['dated after today', [{ code: 'DL' }], [cert('DL', 'DL', 3, '2026-11-24')], { certification: 'DL' }],
  ])('%s', (_, certifications, held, expected) => {
    const v = evaluateEligibility(record({ certifications: held }), assessment({ certifications }), TODAY);
    if (expected === true) expect(v).toEqual({ eligible: true });
    else
      expect(v).toEqual({ eligible: false, missing: [{ code: 'CERTIFICATION', ...(expected as object) }] });
  });

  it('an imported DG-SA result counts as the self-assessment a rule asks for (seed 002: the DG-SA is the official one)', () => {
    const rule = assessment({ selfAssessmentWithinMonths: 12 });
    expect(evaluateEligibility(record({ officialSelfAssessments: ['2026-03-15'] }), rule, TODAY)).toEqual({
      eligible: true,
    });
    expect(
      evaluateEligibility(
        record({ selfAssessments: ['2025-01-01'], officialSelfAssessments: ['2025-06-01'] }),
        rule,
        TODAY,
      ),
    ).toEqual({
      eligible: false,
      missing: [{ code: 'SELF_ASSESSMENT', withinMonths: 12, lastTaken: '2025-06-01' }],
    });
  });
});

describe('editing the rule item "certified"', () => {
  const ctx = {
    skillSets: ['DL'],
    publishedModules: new Set<string>(),
    certificationCodes: ['DL', 'CS', 'DG-TNMQ-001'],
  };

  it('reads "any" or a level 1-8 per code, and writes it back', () => {
    const parsed = parseRuleForm({ 'cert.DL': '3', 'cert.DG-TNMQ-001': 'any', 'cert.CS': '' }, [], ctx);
    expect(parsed).toEqual({
      ok: true,
      rule: { certifications: [{ code: 'DL', minLevel: 3 }, { code: 'DG-TNMQ-001' }] },
    });
    expect(ruleFormValues(parsed.ok ? parsed.rule : undefined).fields).toEqual({
      'cert.DL': '3',
      'cert.DG-TNMQ-001': 'any',
    });
  });

  it.each(['0', '9', '2.5', 'x'])('refuses the level %s', (v) => {
    expect(parseRuleForm({ 'cert.DL': v }, [], ctx)).toEqual({
      ok: false,
      problems: [{ field: 'cert.DL', code: 'CERT_LEVEL' }],
    });
  });

  it('a certification dropped or asked at a lower level loosens the rule; a course may not do it', () => {
    const org: EligibilityRule = { certifications: [{ code: 'DL', minLevel: 3 }, { code: 'CS' }] };
    expect(loosenings({ certifications: [{ code: 'DL' }] }, org)).toEqual([
      { requirement: 'certification', code: 'DL', from: 3, to: 0 },
      { requirement: 'certification', code: 'CS', from: 0 },
    ]);
    expect(
      looserThan(
        {
          certifications: [
            { code: 'DL', minLevel: 4 },
            { code: 'CS', minLevel: 1 },
          ],
        },
        org,
      ),
    ).toEqual([]);
    expect(looserThan({ certifications: [{ code: 'CS' }] }, org)).toEqual([
      { field: 'cert.DL', code: 'LOOSER', params: { value: 'DL ≥ 3' } },
    ]);
  });
});
