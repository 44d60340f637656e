import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFrameworkDir } from '../../src/content/framework-file';
import { LevelDescriptorsFileError, readLevelDescriptorsDir } from '../../src/content/level-descriptors-file';
import { checkLevelDescriptors } from '../../src/domain/framework/level-descriptors';

const frameworks = readFrameworkDir();
const ocsc = frameworks.find((f) => f.id === 'ocsc-digital-government-skills')!;
const shipped = readLevelDescriptorsDir(frameworks);

describe('self-assessment level descriptors (config/level-descriptors)', () => {
  it('describe every level of every skill set of the OCSC and teachers’ frameworks, in Thai and English, short enough to print', () => {
    expect([...shipped.keys()].sort()).toEqual(['ocsc-digital-government-skills', 'teacher-digital-skills']);
    for (const id of shipped.keys()) {
      const f = frameworks.find((x) => x.id === id)!;
      const set = shipped.get(id)!;
      expect([...set.skillSets.keys()].sort()).toEqual(f.skillSets.map((s) => s.code).sort());
      for (const levels of set.skillSets.values()) {
        expect(levels).toHaveLength(f.stages.length + 1);
        for (const d of levels) {
          for (const l of ['th', 'en'] as const) {
            expect(d.full[l].trim()).not.toBe('');
            // The printed result shows the short form in a table cell of one A4 page.
            expect(d.short[l].length).toBeLessThanOrEqual(45);
          }
        }
      }
    }
  });

  it('say they are the project’s own wording, not official text', () => {
    const source = shipped.get('ocsc-digital-government-skills')!.source;
    expect(source.en).toMatch(/project's own wording, not official text/);
    expect(source.th).toMatch(/ถ้อยคำของโครงการเอง/);
  });

  it('when a file names an unknown skill set or misses a level, then start-up stops naming both', () => {
    const one = { short: { th: 'ก', en: 'a' }, full: { th: 'ก', en: 'a' } };
    expect(checkLevelDescriptors(ocsc, { DL: [one, one, one], XX: [one, one, one, one] })).toEqual([
      'skillSets.DL: 3 descriptors; ocsc-digital-government-skills has 4 levels (not yet and 3 stages)',
      'skillSets.XX: ocsc-digital-government-skills has no skill set "XX"',
    ]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'levels-'));
    fs.writeFileSync(
      path.join(dir, 'bad.json'),
      JSON.stringify({ frameworks: ['nope'], source: { th: 'ก', en: 'a' }, levels: 'x', skillSets: {} }),
    );
    expect(() => readLevelDescriptorsDir(frameworks, dir)).toThrow(LevelDescriptorsFileError);
    expect(() => readLevelDescriptorsDir(frameworks, dir)).toThrow(/no framework "nope" is loaded/);
  });
});
