import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  defaultFrameworkDir,
  FrameworkFileError,
  readFrameworkDir,
  readFrameworkFile,
} from '../../src/content/framework-file';
import { checkFramework, expectedRoleOf, type Framework } from '../../src/domain/framework/framework';

const dir = defaultFrameworkDir();
const OCSC_FILE = path.join(dir, 'ocsc-digital-government-skills.json');
const TEACHER_FILE = path.join(dir, 'teacher-digital-skills.json');

const DL_AREAS = [
  ['DL-COMPUTER', 'การใช้งานคอมพิวเตอร์'],
  ['DL-INTERNET', 'การใช้งานอินเทอร์เน็ต'],
  ['DL-SECURE-USE', 'การใช้งานเพื่อความมั่นคงปลอดภัย'],
  ['DL-WORD', 'การใช้โปรแกรมประมวลคำ'],
  ['DL-SPREADSHEET', 'การใช้โปรแกรมตารางคำนวณ'],
  ['DL-PRESENTATION', 'การใช้โปรแกรมการนำเสนอผลงาน'],
  ['DL-MEDIA', 'การใช้โปรแกรมสร้างสื่อดิจิทัล'],
  ['DL-COLLAB', 'การทำงานร่วมกันแบบออนไลน์'],
  ['DL-SECURITY', 'การใช้ดิจิทัลเพื่อความมั่นคงปลอดภัย'],
];

const codes = (items: readonly { code: string }[]) => items.map((i) => i.code);

describe('the shipped frameworks (config/frameworks)', () => {
  const ocsc = readFrameworkFile(OCSC_FILE);
  const teacher = readFrameworkFile(TEACHER_FILE);

  it('load from the folder, all three of them, and break no rule', () => {
    expect(readFrameworkDir().map((f) => f.id)).toEqual([
      'ocsc-digital-government-skills',
      'teacher-digital-skills',
      'tpqi-digital-government-2567',
    ]);
    expect(checkFramework(ocsc)).toEqual([]);
    expect(checkFramework(teacher)).toEqual([]);
    expect(ocsc.version).toBe('1.0.3');
  });

  it.each([
    ['OCSC', ocsc],
    ['teacher', teacher],
  ])(
    '%s: 5 dimensions, 7 skill sets (DL and DG foundational), the 9 Digital Literacy areas in order',
    (_, f) => {
      expect(codes(f.dimensions)).toEqual(['D1', 'D2', 'D3', 'D4', 'D5']);
      expect(f.skillSets.map((s) => [s.code, s.dimension, s.foundational])).toEqual([
        ['DL', 'D1', true],
        ['DG', 'D2', true],
        ['DT', 'D3', false],
        ['DPS', 'D3', false],
        ['PSM', 'D4', false],
        ['DLD', 'D4', false],
        ['DTF', 'D5', false],
      ]);
      expect(f.areas.map((a) => [a.code, a.name.th])).toEqual(DL_AREAS);
      expect(f.areas.every((a) => a.skillSet === 'DL')).toBe(true);
      expect(f.skillSets.map((s) => s.name.en)).toEqual([
        'Digital Literacy Skill Set',
        'Digital Governance, Standard and Compliance Skill Set',
        'Digital Technology Skill Set',
        'Digital Process and Service Design Skill Set',
        'Project and Strategic Management Skill Set',
        'Digital Leadership Skill Set',
        'Digital Transformation Skill Set',
      ]);
      expect(f.skillSets[0]?.name.th).toBe('กลุ่มทักษะด้านความเข้าใจและใช้เทคโนโลยีดิจิทัล');
      expect(f.dimensions[0]?.name.th).toBe('รู้เท่าทันและใช้เทคโนโลยีเป็น');
      expect(f.stages.map((s) => [s.code, s.years.from, s.years.to])).toEqual([
        ['EARLY', 1, 2],
        ['DEVELOPING', 3, 5],
        ['MATURE', 6, 10],
      ]);
    },
  );

  it('OCSC: six target groups (no Change Catalyst) with an expected role for every group at every stage', () => {
    expect(ocsc.targetGroups.map((g) => [g.code, g.name.th, g.name.en])).toEqual([
      ['EXEC', 'ผู้บริหารระดับสูง', 'Executive'],
      ['MGMT', 'ผู้อำนวยการกอง', 'Management'],
      ['ACAD', 'ผู้ทำงานด้านนโยบายและงานวิชาการ', 'Academic'],
      ['SERV', 'ผู้ทำงานด้านบริการ', 'Service'],
      ['TECH', 'ผู้ปฏิบัติงานเฉพาะด้านเทคโนโลยีดิจิทัล', 'Technology Specialist'],
      ['OTHER', 'ผู้ปฏิบัติงานอื่น', 'Others'],
    ]);
    expect(ocsc.expectedRoles).toHaveLength(18);
    for (const g of ocsc.targetGroups)
      for (const s of ocsc.stages) expect(expectedRoleOf(ocsc, g.code, s.code)).toBeDefined();
    expect(expectedRoleOf(ocsc, 'EXEC', 'DEVELOPING')?.role.th).toMatch(/^เป็นผู้นำด้านดิจิทัลภาครัฐ/);
    expect(ocsc.notes.en).toMatch(/Change Catalyst/);
  });

  it('teacher: groups M, A, S, T by position lines; roles only for the Early stage, as the source gives', () => {
    expect(teacher.targetGroups.map((g) => g.code)).toEqual(['M', 'A', 'S', 'T']);
    expect(teacher.targetGroups[2]?.definition.th).toMatch(/^1\. สายงานการสอน/);
    expect(teacher.expectedRoles.map((r) => `${r.group}/${r.stage}`)).toEqual([
      'M/EARLY',
      'A/EARLY',
      'S/EARLY',
      'T/EARLY',
    ]);
    expect(teacher.notes.en).toMatch(/no expected roles for the Developing and Mature stages/);
    expect(teacher.stages.map((s) => s.name.th)).toEqual(['ระยะเริ่มต้น', 'ระยะกำลังพัฒนา', 'ระยะพัฒนาแล้ว']);
  });

  it('teacher: the four groups carry the Thai names of seed 003 §3, not their English ones', () => {
    expect(teacher.targetGroups.map((g) => g.name.th)).toEqual([
      'ผู้อำนวยการกอง (M)',
      'ผู้ทำงานด้านนโยบายและวิชาการ (A)',
      'ผู้ทำงานด้านบริการ (S)',
      'ผู้ปฏิบัติงานด้านเทคโนโลยีดิจิทัล (T)',
    ]);
  });

  it("OCSC: stages carry the seeds' Thai stage names and Arabic digits only (seed 003 §4, seed 004 §4.6.1)", () => {
    expect(ocsc.stages.map((s) => s.name.th)).toEqual([
      'ระยะเริ่มต้น (ปีที่ 1-2)',
      'ระยะกำลังพัฒนา (ปีที่ 3-5)',
      'ระยะพัฒนาแล้ว (ปีที่ 6-10)',
    ]);
    for (const s of ocsc.stages) expect(s.name.th).not.toMatch(/[๐-๙]/);
  });

  it('every text is bilingual and non-empty', () => {
    const texts: string[] = [];
    const walk = (v: unknown) => {
      if (typeof v === 'string') texts.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(ocsc);
    walk(teacher);
    expect(texts.every((t) => t.trim() !== '')).toBe(true);
    expect(ocsc.targetGroups.every((g) => /[\u0E00-\u0E7F]/.test(g.definition.th))).toBe(true);
  });
});

describe('a broken framework file', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'digiskill-frameworks-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const valid = (): Framework => JSON.parse(fs.readFileSync(OCSC_FILE, 'utf8')) as Framework;
  const write = (name: string, content: unknown) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return file;
  };
  const messageOf = (file: string) => {
    try {
      readFrameworkFile(file);
    } catch (err) {
      expect(err).toBeInstanceOf(FrameworkFileError);
      return (err as Error).message;
    }
    throw new Error(`${file} was accepted`);
  };

  it.each<[string, (f: Framework) => void, string]>([
    [
      'missing Thai name',
      (f) => delete (f.skillSets[2]!.name as Partial<Framework['name']>).th,
      'skillSets[2] (DT): name.th: required',
    ],
    [
      'empty English name',
      (f) => (f.areas[3]!.name.en = '  '),
      'areas[3] (DL-WORD): name.en: must not be empty',
    ],
    [
      'unknown dimension',
      (f) => (f.skillSets[2]!.dimension = 'D9'),
      'skillSets[2] (DT): dimension: unknown dimension "D9"',
    ],
    [
      'area of an unknown skill set',
      (f) => (f.areas[0]!.skillSet = 'DX'),
      'areas[0] (DL-COMPUTER): skillSet: unknown skill set "DX"',
    ],
    [
      'duplicate code',
      (f) => (f.areas[1]!.code = 'DL-COMPUTER'),
      'areas[1] (DL-COMPUTER): code: duplicate: areas[0] (DL-COMPUTER) has the same code',
    ],
    [
      'an area code equal to a skill set code',
      (f) => (f.areas[1]!.code = 'DT'),
      'areas[1] (DT): code: already used by skillSets[2] (DT)',
    ],
    ['bad version', (f) => (f.version = '1.0'), 'framework: version: must be a semantic version'],
    [
      'role for an unknown group',
      (f) => (f.expectedRoles[0]!.group = 'CHANGE'),
      'expectedRoles[0] (CHANGE/EARLY): group: unknown target group "CHANGE"',
    ],
    [
      'role for an unknown stage',
      (f) => (f.expectedRoles[1]!.stage = 'LATE'),
      'expectedRoles[1] (EXEC/LATE): stage: unknown stage "LATE"',
    ],
    [
      'two roles for one group and stage',
      (f) => (f.expectedRoles[1]!.stage = 'EARLY'),
      'expectedRoles[1] (EXEC/EARLY): group/stage: duplicate: expectedRoles[0] (EXEC/EARLY) already gives',
    ],
    [
      'overlapping stages',
      (f) => (f.stages[1]!.years.from = 2),
      'stages[1] (DEVELOPING): years: overlaps the years of stages[0] (EARLY)',
    ],
    [
      'a misspelt field',
      (f) => Object.assign(f.dimensions[0]!, { descripton: 'x' }),
      'dimensions[0] (D1): descripton: unknown field',
    ],
    [
      'years that are not numbers',
      (f) => Object.assign(f.stages[2]!.years, { to: 'ten' }),
      'stages[2] (MATURE): years.to: must be a number',
    ],
    [
      'a lower-case code',
      (f) => (f.targetGroups[0]!.code = 'exec'),
      'targetGroups[0] (exec): code: must be upper-case',
    ],
  ])('is rejected for a %s, naming file, entry and field', (name, breakIt, expected) => {
    const f = valid();
    breakIt(f);
    const file = write(`${name.replace(/\W+/g, '-')}.json`, f);
    const message = messageOf(file);
    expect(message).toContain(`${file}: ${expected}`);
  });

  it('reports every problem at once, schema and cross-reference alike, one line each', () => {
    const f = valid();
    delete (f.skillSets[2]!.name as Partial<Framework['name']>).th;
    f.skillSets[3]!.dimension = 'D9';
    f.version = 'v1';
    f.expectedRoles[0]!.group = 'CHANGE';
    const file = write('many.json', f);
    expect(messageOf(file).split('\n')).toEqual([
      `${file}: skillSets[2] (DT): name.th: required`,
      `${file}: framework: version: must be a semantic version MAJOR.MINOR.PATCH, e.g. 1.0.0`,
      `${file}: skillSets[3] (DPS): dimension: unknown dimension "D9"`,
      `${file}: expectedRoles[0] (CHANGE/EARLY): group: unknown target group "CHANGE"`,
    ]);
  });

  it('names the file when it is not JSON or not an object', () => {
    const notJson = write('not-json.json', '{ "id": ');
    expect(messageOf(notJson)).toMatch(new RegExp(`^${escape(notJson)}: not valid JSON`));
    const list = write('list.json', '[]');
    expect(messageOf(list)).toBe(`${list}: framework: must be a JSON object`);
  });

  it('does not repeat a missing list as unknown references into it', () => {
    const f = valid() as Partial<Framework>;
    delete f.dimensions;
    const file = write('no-dimensions.json', f);
    expect(messageOf(file)).toBe(`${file}: framework: dimensions: required`);
  });

  it('in a folder, lists the problems of every file and ids used twice', () => {
    const folder = fs.mkdtempSync(path.join(tmp, 'dir-'));
    const a = valid();
    const b = valid();
    b.skillSets[0]!.dimension = 'DX';
    fs.writeFileSync(path.join(folder, 'a.json'), JSON.stringify(a));
    fs.writeFileSync(path.join(folder, 'b.json'), JSON.stringify(b));
    fs.writeFileSync(path.join(folder, 'c.json'), JSON.stringify(valid()));
    fs.writeFileSync(path.join(folder, 'readme.txt'), 'not a framework');
    try {
      readFrameworkDir(folder);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(FrameworkFileError);
      expect(
        (err as FrameworkFileError).problems.map((p) => `${path.basename(p.file)}: ${p.entry}: ${p.field}`),
      ).toEqual(['b.json: skillSets[0] (DL): dimension', 'c.json: framework: id']);
      expect((err as Error).message).toContain(`is also the id in ${path.join(folder, 'a.json')}`);
    }
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('the TPQI 2567 framework (config/frameworks/tpqi-digital-government-2567.json)', () => {
  const tpqi = readFrameworkFile(path.join(dir, 'tpqi-digital-government-2567.json'));

  it("has three core areas for everyone and four optional ones, as TPQI's Digital Government page lists them", () => {
    expect(checkFramework(tpqi)).toEqual([]);
    expect(
      tpqi.skillSets.map((s) => `${s.dimension} ${s.code} ${s.name.en}${s.foundational ? ' *' : ''}`),
    ).toEqual([
      'CORE DL Digital Literacy *',
      'CORE DG Digital Governance *',
      'CORE DLD Digital Leadership *',
      'OPTIONAL DT Digital Technology',
      'OPTIONAL DS Digital Service',
      'OPTIONAL DUS Data Utilization and Sharing',
      'OPTIONAL CS Cyber Security',
    ]);
  });

  it('is for IT and non-IT personnel at three role levels', () => {
    expect(codes(tpqi.targetGroups)).toEqual([
      'NONIT-OP',
      'NONIT-SUP',
      'NONIT-EXEC',
      'IT-OP',
      'IT-SUP',
      'IT-EXEC',
    ]);
    expect(tpqi.targetGroups.at(-1)?.definition.en).toMatch(/Chief Information Officers/);
  });

  it('carries TPQI unit codes only where the unit page is cited, and says what stayed unverified', () => {
    expect(tpqi.areas.map((a) => `${a.skillSet} ${a.code} ${a.name.th}`)).toEqual([
      'DL DG-TNMQ-001 ใช้งานดิจิทัลขั้นต้น',
      'CS DG-LKUE-040 วิเคราะห์สภาพแวดล้อมด้านความมั่นคงปลอดภัยไซเบอร์ของหน่วยงาน',
    ]);
    for (const a of tpqi.areas)
      expect(a.description.en).toMatch(/https:\/\/tpqi-net\.tpqi\.go\.th\/qualifications\/unitinfo\/\d+/);
    expect(tpqi.source.en).toContain(
      'https://www.tpqi.go.th/en/qualification-and-occupation/additional-competency/dgp',
    );
    expect(tpqi.notes.en).toMatch(/not checked against a Thai TPQI document/);
    expect(tpqi.notes.en).toMatch(/DG-EJJM-026 .* their area is unknown, so they are left out/);
    expect(tpqi.expectedRoles).toEqual([]);
  });
});
