import { readCrosswalkDir } from '../../src/content/crosswalk-file';
import { readFrameworkDir } from '../../src/content/framework-file';
import { evaluateEligibilities } from '../../src/domain/assessment/eligibility';
import { overridesIn, rulesAcross } from '../../src/domain/assessment/rules-across-frameworks';
import {
  countBySkillSet,
  countingInto,
  countSkillHours,
  ownCounting,
  type SkillCounting,
} from '../../src/domain/framework/crosswalk-counting';
import type { Crosswalk } from '../../src/domain/framework/crosswalk';

const frameworks = readFrameworkDir();
const OCSC = 'ocsc-digital-government-skills';
const TPQI = 'tpqi-digital-government-2567';
const ocsc = frameworks.find((f) => f.id === OCSC)!;
const tpqi = frameworks.find((f) => f.id === TPQI)!;
const crosswalks = [...readCrosswalkDir(frameworks).values()];
const intoTpqi = countingInto(tpqi, frameworks, crosswalks);
const intoOcsc = countingInto(ocsc, frameworks, crosswalks);

// The sample catalogue's own mappings (config/catalogue/modules), as a completion records them.
const computerBasics = [{ skillSet: 'DL', area: 'DL-COMPUTER', hours: 1.5 }];
const pdpa = [
  { skillSet: 'DG', hours: 1.5 },
  { skillSet: 'DL', area: 'DL-SECURITY', hours: 0.5 },
];

describe('counting hours through the crosswalk towards the chosen framework', () => {
  it('the shipped crosswalk reads every shared code as the same skill set on both sides (nothing ambiguous)', () => {
    expect(intoTpqi.ambiguous).toEqual([]);
    expect(intoOcsc.ambiguous).toEqual([]);
  });

  it('"computer basics" (OCSC DL, computer use, 1.5 h) counts 1.5 h towards TPQI Digital Literacy, unit DG-TNMQ-001', () => {
    expect(countSkillHours(intoTpqi, computerBasics, 1.5)).toEqual([
      { skillSet: 'DL', area: 'DG-TNMQ-001', hours: 1.5 },
    ]);
  });

  it('an OCSC area without a TPQI unit (digital security) keeps its hours in Digital Literacy, without an area', () => {
    expect(countSkillHours(intoTpqi, pdpa, 2)).toEqual([
      { skillSet: 'DG', hours: 1.5 },
      { skillSet: 'DL', hours: 0.5 },
    ]);
  });

  it('OCSC Digital Process and Service Design counts as TPQI Digital Service, and back', () => {
    expect(countSkillHours(intoTpqi, [{ skillSet: 'DPS', hours: 1.5 }])).toEqual([
      { skillSet: 'DS', hours: 1.5 },
    ]);
    expect(countSkillHours(intoOcsc, [{ skillSet: 'DS', hours: 2 }])).toEqual([
      { skillSet: 'DPS', hours: 2 },
    ]);
  });

  it("no double count: three OCSC areas folding into DG-TNMQ-001 add up once, never past the entry's own hours", () => {
    const three = [
      { skillSet: 'DL', area: 'DL-COMPUTER', hours: 1 },
      { skillSet: 'DL', area: 'DL-INTERNET', hours: 1 },
      { skillSet: 'DL', area: 'DL-SECURE-USE', hours: 0.5 },
    ];
    expect(countSkillHours(intoTpqi, three, 2.5)).toEqual([
      { skillSet: 'DL', area: 'DG-TNMQ-001', hours: 2.5 },
    ]);
    // A record whose shares claim more than the entry (an old correction) still counts the entry's hours once.
    expect(countSkillHours(intoTpqi, three, 2)).toEqual([{ skillSet: 'DL', area: 'DG-TNMQ-001', hours: 2 }]);
  });

  it('no double count: OCSC Leadership and Transformation fold into TPQI Leadership once; per skill set sums too', () => {
    const both = [
      { skillSet: 'DLD', hours: 1.5 },
      { skillSet: 'DTF', hours: 1.5 },
    ];
    expect(countSkillHours(intoTpqi, both, 3)).toEqual([{ skillSet: 'DLD', hours: 3 }]);
    expect(countSkillHours(intoTpqi, both, 1.5)).toEqual([{ skillSet: 'DLD', hours: 1.5 }]);
    expect(
      countBySkillSet(
        intoTpqi,
        new Map([
          ['DLD', 4],
          ['DTF', 2],
          ['DL', 6],
        ]),
      ),
    ).toEqual(
      new Map([
        ['DLD', 6],
        ['DL', 6],
      ]),
    );
  });

  it('a one-way link counts only its way: TPQI Leadership counts as OCSC DLD, never as Transformation', () => {
    expect(countSkillHours(intoOcsc, [{ skillSet: 'DLD', hours: 2 }])).toEqual([
      { skillSet: 'DLD', hours: 2 },
    ]);
    expect(countingInto(ocsc, frameworks, crosswalks).skillSets.has('DLD')).toBe(false);
    // TPQI's unit joins three OCSC areas and cannot be split back: its hours stay in OCSC DL without an area.
    expect(countSkillHours(intoOcsc, [{ skillSet: 'DL', area: 'DG-TNMQ-001', hours: 1 }])).toEqual([
      { skillSet: 'DL', hours: 1 },
    ]);
  });

  it('codes with no counterpart count towards nothing of the chosen framework (PSM into TPQI; Cyber Security into OCSC)', () => {
    const psm = countSkillHours(intoTpqi, [{ skillSet: 'PSM', hours: 1.5 }]);
    expect(psm.filter((s) => tpqi.skillSets.some((x) => x.code === s.skillSet))).toEqual([]);
    const cs = countSkillHours(intoOcsc, [{ skillSet: 'CS', area: 'DG-LKUE-040', hours: 4 }]);
    expect(cs.filter((s) => ocsc.skillSets.some((x) => x.code === s.skillSet))).toEqual([]);
  });

  it('within the framework the hours were recorded in, nothing changes (the same array comes back)', () => {
    const own = ownCounting(ocsc);
    expect(countSkillHours(own, pdpa)).toBe(pdpa);
    const ocscOnly = [{ skillSet: 'DG', hours: 1 }];
    expect(countSkillHours(intoOcsc, ocscOnly)).toBe(ocscOnly);
  });

  it('eligibility in TPQI areas counts hours from modules mapped to OCSC', () => {
    const rule = { '*': { skillSets: [{ skillSet: 'DS', minHours: 3 }] } };
    const assessment = {
      code: 'SKILL-DS',
      name: { th: 'x', en: 'x' },
      description: { th: 'x', en: 'x' },
      rules: rule,
    };
    const entries = [
      {
        occurredOn: '2026-11-01',
        category: 70 as const,
        hours: 1.5,
        skillHours: [{ skillSet: 'DPS', hours: 1.5 }],
      },
      {
        occurredOn: '2026-11-02',
        category: 70 as const,
        hours: 1.5,
        skillHours: [{ skillSet: 'DS', hours: 1.5 }],
      },
    ];
    const judge = (c: SkillCounting) =>
      evaluateEligibilities(
        {
          entries: entries.map((e) => ({ ...e, skillHours: countSkillHours(c, e.skillHours, e.hours) })),
          completedModules: new Set(),
          selfAssessments: [],
        },
        [assessment],
        '2026-12-01',
      )[0];
    expect(judge(intoTpqi)).toEqual({ eligible: true });
    expect(judge(ownCounting(tpqi))).toMatchObject({ eligible: false });
  });
});

describe('rule edits read across frameworks', () => {
  const tpqiTargets = {
    assessments: new Set([
      'TPQI-DL',
      'SKILL-DG',
      'SKILL-DLD',
      'SKILL-DT',
      'SKILL-DS',
      'SKILL-DUS',
      'SKILL-CS',
    ]),
    targetGroups: new Set(tpqi.targetGroups.map((g) => g.code)),
  };
  const overrides = [
    { assessment: 'TPQI-DL', targetGroup: '*', rule: { skillSets: [{ skillSet: 'DL', minHours: 6 }] } },
    { assessment: 'SKILL-DT', targetGroup: '*', rule: { skillSets: [{ skillSet: 'DPS', minHours: 4 }] } },
    { assessment: 'SKILL-DLD', targetGroup: '*', rule: { skillSets: [{ skillSet: 'DTF', minHours: 4 }] } },
    { assessment: 'TPQI-DL', targetGroup: 'EXEC', rule: { skillSets: [{ skillSet: 'DL', minHours: 20 }] } },
    { assessment: 'SKILL-PSM', targetGroup: '*', rule: { skillSets: [{ skillSet: 'PSM', minHours: 4 }] } },
    { assessment: 'SKILL-DG', targetGroup: '*', rule: null },
  ];

  it('maps codes through equivalences only, and lists what cannot be read in TPQI', () => {
    const read = rulesAcross(intoTpqi, overrides, tpqiTargets).map(
      (r) =>
        `${r.override.assessment}/${r.override.targetGroup}: ${r.mapped.map((m) => `${m.from}->${m.to}`).join(',')} | ${r.unmapped.map((u) => `${u.kind} ${u.code}`).join(',')}`,
    );
    expect(read).toEqual([
      'TPQI-DL/*:  | ',
      'SKILL-DT/*: DPS->DS | ',
      // One way only (Transformation counts towards TPQI Leadership, not back): not an equivalence.
      'SKILL-DLD/*:  | skillSet DTF',
      'TPQI-DL/EXEC:  | targetGroup EXEC',
      'SKILL-PSM/*:  | assessment SKILL-PSM,skillSet PSM',
    ]);
  });

  it('reads a rule written in OCSC codes with TPQI codes, and back, without rewriting it', () => {
    const read = overridesIn(intoTpqi, overrides);
    expect(read[1]!.rule).toEqual({ skillSets: [{ skillSet: 'DS', minHours: 4 }] });
    expect(overrides[1]!.rule).toEqual({ skillSets: [{ skillSet: 'DPS', minHours: 4 }] });
    expect(overridesIn(intoOcsc, read)[1]!.rule).toEqual(overrides[1]!.rule);
  });

  it('a crosswalk linking a shared code to another code is reported as ambiguous', () => {
    const cw: Crosswalk = structuredClone(crosswalks[0]!);
    cw.links = cw.links.filter((l) => !(l.level === 'skillSet' && l.a === 'DT'));
    cw.links.push({ level: 'skillSet', a: 'DT', b: 'DS', towards: 'a', basis: { th: 'x', en: 'x' } });
    expect(countingInto(ocsc, frameworks, [cw]).ambiguous).toEqual([]);
    cw.links.push({ level: 'skillSet', a: 'DT', b: 'CS', towards: 'b', basis: { th: 'x', en: 'x' } });
    expect(countingInto(tpqi, frameworks, [cw]).ambiguous).toEqual(['DT']);
  });
});
