import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFrameworkDir } from '../../src/content/framework-file';
import { readTargetsDir, TargetsFileError } from '../../src/content/targets-file';
import {
  checkTargets,
  skillSetsForGroup,
  targetHoursFor,
} from '../../src/domain/learning-record/development-targets';

const frameworks = readFrameworkDir();
const ocsc = frameworks.find((f) => f.id === 'ocsc-digital-government-skills')!;

describe('development targets', () => {
  const shipped = readTargetsDir(frameworks);

  it('ships default targets, marked as defaults, for every shipped framework', () => {
    expect([...shipped.keys()].sort()).toEqual(frameworks.map((f) => f.id).sort());
    for (const t of shipped.values()) {
      expect(t.isDefault).toBe(true);
      expect(t.mix).toEqual({ 70: 70, 20: 20, 10: 10 });
    }
  });

  it('gives every group the foundational skill sets, with hours rising by stage', () => {
    const t = shipped.get(ocsc.id)!;
    for (const g of ocsc.targetGroups) {
      expect(skillSetsForGroup(t, ocsc, g.code)).toEqual(expect.arrayContaining(['DL', 'DG']));
      const dl = ocsc.stages.map(
        (s) => targetHoursFor(t, ocsc, g.code, s.code).find((x) => x.skillSet === 'DL')!.hours,
      );
      expect(dl).toEqual([...dl].sort((a, b) => a - b));
    }
    expect(targetHoursFor(t, ocsc, 'EXEC', 'DEVELOPING').map((x) => x.skillSet)).toEqual([
      'DL',
      'DG',
      'PSM',
      'DLD',
      'DTF',
    ]);
    expect(targetHoursFor(t, ocsc, 'NOPE', 'DEVELOPING')).toEqual([]);
  });

  it('teacher: at the Early stage every group builds Digital Literacy and dimension 2 only (seed 003 §5)', () => {
    const teacher = frameworks.find((f) => f.id === 'teacher-digital-skills')!;
    const t = shipped.get(teacher.id)!;
    for (const g of teacher.targetGroups)
      expect(targetHoursFor(t, teacher, g.code, 'EARLY').map((x) => x.skillSet)).toEqual(['DL', 'DG']);
    expect(targetHoursFor(t, teacher, 'T', 'DEVELOPING').map((x) => x.skillSet)).toContain('DT');
  });

  it('names unknown codes, missing groups and stages, bad hours and a mix that is not 100', () => {
    const t = structuredClone(shipped.get(ocsc.id)!);
    t.mix = { 70: 60, 20: 20, 10: 10 };
    delete t.hours.OTHER;
    delete t.hours.EXEC!.MATURE;
    t.hours.SERV!.EARLY!.XX = 3;
    t.hours.SERV!.EARLY!.DL = 0;
    t.hours.GHOST = {};
    expect(checkTargets(t, ocsc).map((p) => `${p.entry} ${p.field} ${p.message}`)).toEqual(
      expect.arrayContaining([
        'mix  shares must add up to 100 (they add up to 90)',
        'hours.OTHER  missing: every target group needs targets',
        'hours.EXEC.MATURE  missing: every stage needs targets',
        'hours.SERV.EARLY XX unknown skill set',
        'hours.SERV.EARLY DL hours must be above 0 and at most 1000',
        'hours.GHOST  unknown target group',
      ]),
    );
  });

  it('stops with the file and the field when a file is broken', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'targets-'));
    fs.writeFileSync(path.join(dir, 'a.json'), '{ "framework": "ocsc-digital-government-skills" }');
    fs.writeFileSync(path.join(dir, 'b.json'), '{ nope');
    expect(() => readTargetsDir(frameworks, dir)).toThrow(TargetsFileError);
    try {
      readTargetsDir(frameworks, dir);
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain(`${path.join(dir, 'a.json')}: isDefault:`);
      expect(message).toContain(`${path.join(dir, 'b.json')}: not valid JSON`);
    }
    fs.rmSync(dir, { recursive: true });
  });
});
