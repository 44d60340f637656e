import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readAssessmentsDir, AssessmentsFileError } from '../../src/content/assessments-file';
import { readFrameworkDir } from '../../src/content/framework-file';

const frameworks = readFrameworkDir();
const slugs = new Set(
  fs.readdirSync(path.join(__dirname, '../../config/catalogue/modules')).map((f) => f.replace(/\.json$/, '')),
);

describe('assessments as data', () => {
  it('ships TPQI Digital Literacy and one assessment per other skill set for every framework, marked as defaults', () => {
    const sets = readAssessmentsDir(frameworks, slugs);
    for (const f of frameworks) {
      const set = sets.get(f.id)!;
      expect(set.isDefault).toBe(true);
      expect(set.assessments.map((a) => a.code)).toEqual([
        'TPQI-DL',
        ...f.skillSets.filter((s) => s.code !== 'DL').map((s) => `SKILL-${s.code}`),
      ]);
    }
  });

  it('names the Digital Literacy assessment and its certificate as seed 000 does', () => {
    for (const set of readAssessmentsDir(frameworks, slugs).values()) {
      const dl = set.assessments.find((a) => a.code === 'TPQI-DL')!;
      expect(dl.name.th).toBe('การประเมินมาตรฐานสมรรถนะด้านการใช้ดิจิทัล (Digital Literacy)');
      expect(dl.certificate?.th).toBe('ประกาศนียบัตรรับรองสมรรถนะความสามารถด้านการใช้ดิจิทัล');
    }
  });

  it('a broken file stops start-up naming the file, the entry and the field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assessments-'));
    const file = path.join(dir, 'x.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        framework: 'ocsc-digital-government-skills',
        isDefault: false,
        note: { th: 'x', en: 'x' },
        assessments: [
          {
            code: 'A1',
            name: { th: 'x', en: 'x' },
            description: { th: 'x', en: 'x' },
            rules: {
              NOPE: {},
              '*': {
                skillSets: [{ skillSet: 'XX', minHours: 0, minShare: { 20: 95 } }],
                requiredModules: ['ghost'],
                recencyMonths: 0,
              },
            },
          },
        ],
      }),
    );
    try {
      readAssessmentsDir(frameworks, slugs, dir);
      throw new Error('should not load');
    } catch (err) {
      expect(err).toBeInstanceOf(AssessmentsFileError);
      const m = (err as Error).message;
      expect(m).toContain(`${file}: assessments[0] (A1): rules.NOPE: unknown target group`);
      expect(m).toContain('rules.*.skillSets[0].skillSet: unknown skill set XX');
      expect(m).toContain('rules.*.skillSets[0].minHours: must be above 0');
      expect(m).toContain('rules.*.skillSets[0].minShare.20: a share is 1 to 90');
      expect(m).toContain('rules.*.requiredModules: no module "ghost"');
      expect(m).toContain('rules.*.recencyMonths: must be a whole number of months');
    }
    fs.rmSync(dir, { recursive: true });
  });
});
