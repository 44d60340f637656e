import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatalogueFileError, readCatalogueDir } from '../../src/content/catalogue-file';
import { readFrameworkDir } from '../../src/content/framework-file';

const ocsc = readFrameworkDir().find((f) => f.id === 'ocsc-digital-government-skills')!;

describe('the sample catalogue', () => {
  const modules = readCatalogueDir(ocsc);

  it('every shipped module is valid against the OCSC framework, in Thai and English', () => {
    expect(modules.length).toBeGreaterThan(0);
    for (const m of modules) {
      expect(m.pages.length).toBeGreaterThanOrEqual(3);
      expect(m.quiz?.questions.length ?? 0).toBeGreaterThanOrEqual(4);
      for (const p of m.pages) expect(p.body.th.length + p.body.en.length).toBeGreaterThan(400);
    }
  });

  it('has a module for every Digital Literacy area and for every other skill set', () => {
    const areas = new Set(modules.flatMap((m) => m.mappings.map((x) => x.area)));
    const skillSets = new Set(modules.flatMap((m) => m.mappings.map((x) => x.skillSet)));
    expect(ocsc.areas.map((a) => a.code).filter((c) => !areas.has(c))).toEqual([]);
    expect(ocsc.skillSets.map((s) => s.code).filter((c) => !skillSets.has(c))).toEqual([]);
  });
});

describe('catalogue files with problems', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const good = JSON.parse(
    fs.readFileSync(path.join(__dirname, '../../config/catalogue/modules/dl-computer-basics.json'), 'utf8'),
  ) as Record<string, unknown>;

  it.each<[string, (m: Record<string, unknown>) => Record<string, unknown>, RegExp]>([
    [
      'mapped hours above the module hours',
      (m) => ({ ...m, estimatedHours: 0.5 }),
      /mappings: MAPPING_HOURS_EXCEED_MODULE/,
    ],
    [
      'an unknown skill set',
      (m) => ({ ...m, mappings: [{ skillSet: 'XX', hours: 1 }] }),
      /mappings\.0\.skillSet: UNKNOWN_SKILL_SET/,
    ],
    ['a missing English title', (m) => ({ ...m, title: { th: 'ชื่อ' } }), /title\.en/],
    [
      'a slug that is not the file name',
      (m) => ({ ...m, slug: 'other-slug' }),
      /slug: must match the file name/,
    ],
    [
      'an http attachment',
      (m) => ({ ...m, attachments: [{ title: { th: 'ก', en: 'a' }, url: 'http://x.example' }] }),
      /attachments\.0\.url: must be an https URL/,
    ],
  ])('refuses %s, naming the file and the field', (_name, edit, message) => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'dl-computer-basics.json'), JSON.stringify(edit(good)));
    let error: unknown;
    try {
      readCatalogueDir(ocsc, dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CatalogueFileError);
    expect((error as Error).message).toMatch(/dl-computer-basics\.json: /);
    expect((error as Error).message).toMatch(message);
  });
});
