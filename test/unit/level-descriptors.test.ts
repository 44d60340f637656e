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
  it('describe every level of every skill set of the OCSC, teachers’ and TPQI 2567 frameworks, in Thai and English, short enough to print', () => {
    expect([...shipped.keys()].sort()).toEqual([
      'ocsc-digital-government-skills',
      'teacher-digital-skills',
      'tpqi-digital-government-2567',
    ]);
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

  it('give every level of every TPQI 2567 area a descriptor that either cites its sources or is marked unverified with the reason, in Thai and English', () => {
    const tpqi = frameworks.find((f) => f.id === 'tpqi-digital-government-2567')!;
    const set = shipped.get(tpqi.id)!;
    const sources = new Map((set.sources ?? []).map((s) => [s.id, s]));
    for (const area of tpqi.skillSets)
      for (let level = 0; level <= tpqi.stages.length; level += 1) {
        const d = set.skillSets.get(area.code)?.[level];
        const where = `${area.code} level ${level}`;
        expect({ where, described: d !== undefined }).toEqual({ where, described: true });
        if (d!.verified === false) {
          expect({ where, th: d!.reason?.th.trim() !== '', en: d!.reason?.en.trim() !== '' }).toEqual({
            where,
            th: true,
            en: true,
          });
        } else expect({ where, sources: (d!.sources ?? []).length > 0 }).toEqual({ where, sources: true });
        // Whatever it draws on is a listed public source, with the day it was read.
        for (const id of d!.sources ?? []) {
          const s = sources.get(id);
          expect({ where, id, listed: s !== undefined }).toEqual({ where, id, listed: true });
          expect(s!.url).toMatch(/^https:\/\/(www\.tpqi\.go\.th|tpqi-net\.tpqi\.go\.th)\//);
          expect(s!.seen).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(s!.title.trim()).not.toBe('');
        }
      }
    // No TPQI source gives levels per area: the file says its wording is the team's, and marks every level.
    expect(set.source.en).toMatch(/team's own wording, not TPQI's/);
    expect(set.source.th).toMatch(/ไม่ใช่ถ้อยคำของ สคช\./);
    expect([...set.skillSets.values()].flat().every((d) => d.verified === false)).toBe(true);
  });

  it('when a descriptor is marked unverified without a reason, or cites a source the file does not list, then start-up stops naming it', () => {
    const one = { short: { th: 'ก', en: 'a' }, full: { th: 'ก', en: 'a' } };
    const unverified = { ...one, verified: false, reason: { th: '', en: 'no source' } };
    const citing = { ...one, sources: ['tpqi-dgp', 'nowhere'] };
    const listed = [{ id: 'tpqi-dgp', url: 'https://www.tpqi.go.th/', title: 'TPQI', seen: '2026-12-07' }];
    expect(checkLevelDescriptors(ocsc, { DL: [unverified, citing, one, one] }, listed)).toEqual([
      'skillSets.DL.0: marked unverified without a reason in Thai and English',
      'skillSets.DL.1: cites "nowhere", which "sources" does not list',
    ]);
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
