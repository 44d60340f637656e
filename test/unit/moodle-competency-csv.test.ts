import path from 'node:path';
import { defaultFrameworkDir, readFrameworkFile } from '../../src/content/framework-file';
import type { Framework } from '../../src/domain/framework/framework';
import {
  MOODLE_COMPETENCY_CSV_HEADER,
  toMoodleCompetencyCsv,
} from '../../src/domain/framework/moodle-competency-csv';

const ocsc = readFrameworkFile(path.join(defaultFrameworkDir(), 'ocsc-digital-government-skills.json'));

/** An RFC 4180 reader, to check what a CSV parser (PHP's fgetcsv in Moodle) gets back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** Columns by their header (Moodle reads them by position; the names make the assertions readable). */
const column = (row: string[], name: string) => row[MOODLE_COMPETENCY_CSV_HEADER.indexOf(name)];

describe('Moodle competency framework CSV (admin/tool/lpimportcsv)', () => {
  const th = toMoodleCompetencyCsv(ocsc, 'th');
  const rows = parseCsv(th);
  const [header, frameworkRow, ...competencies] = rows;

  it('starts with the header row of framework_importer::list_required_headers(), in order', () => {
    expect(th.split('\n')[0]).toBe(
      'Parent ID number,ID number,Short name,Description,Description format,Scale values,Scale configuration,' +
        'Rule type (optional),Rule outcome (optional),Rule config (optional),' +
        'Cross-referenced competency ID numbers,Exported ID (optional),Is framework,Taxonomy',
    );
    expect(header).toEqual([...MOODLE_COMPETENCY_CSV_HEADER]);
  });

  it('has 14 columns in every row, LF line ends, no BOM', () => {
    expect(rows.every((r) => r.length === 14)).toBe(true);
    expect(th.endsWith('\n')).toBe(true);
    expect(th.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('then one framework row with a scale Moodle accepts and one taxonomy term per level', () => {
    const f = frameworkRow!;
    expect(column(f, 'Parent ID number')).toBe('');
    expect(column(f, 'ID number')).toBe('ocsc-digital-government-skills');
    expect(column(f, 'Short name')).toBe(ocsc.name.th);
    expect(column(f, 'Description')).toContain(ocsc.source.th);
    expect(column(f, 'Description')).toContain(`ocsc-digital-government-skills ${ocsc.version}`);
    expect(column(f, 'Description format')).toBe('2');
    expect(column(f, 'Is framework')).toBe('1');
    expect(column(f, 'Scale values')).toBe('Not yet competent,Competent');
    const config = JSON.parse(column(f, 'Scale configuration')!) as Record<string, unknown>[];
    expect(config[0]).toHaveProperty('scaleid');
    expect(config.slice(1).some((c) => c.scaledefault === 1)).toBe(true);
    expect(config.slice(1).some((c) => c.proficient === 1)).toBe(true);
    expect(column(f, 'Taxonomy')).toBe('domain,competency,skill');
    expect(competencies.every((r) => column(r, 'Is framework') === '')).toBe(true);
  });

  it('then dimensions, skill sets and areas as a tree linked by ID number', () => {
    const byId = new Map(competencies.map((r) => [column(r, 'ID number')!, r]));
    expect(competencies).toHaveLength(5 + 7 + 9);
    expect(byId.size).toBe(competencies.length);
    const parentOf = (code: string) =>
      column(byId.get(`ocsc-digital-government-skills/${code}`)!, 'Parent ID number');
    expect(['D1', 'D2', 'D3', 'D4', 'D5'].map(parentOf)).toEqual(['', '', '', '', '']);
    expect(parentOf('DL')).toBe('ocsc-digital-government-skills/D1');
    expect(parentOf('DPS')).toBe('ocsc-digital-government-skills/D3');
    expect(parentOf('DTF')).toBe('ocsc-digital-government-skills/D5');
    expect(parentOf('DL-WORD')).toBe('ocsc-digital-government-skills/DL');
    for (const r of competencies) {
      const parent = column(r, 'Parent ID number')!;
      if (parent) expect(rows.indexOf(byId.get(parent)!)).toBeLessThan(rows.indexOf(r));
    }
    expect(competencies.slice(0, 3).map((r) => column(r, 'ID number'))).toEqual([
      'ocsc-digital-government-skills/D1',
      'ocsc-digital-government-skills/DL',
      'ocsc-digital-government-skills/DL-COMPUTER',
    ]);
    expect(competencies.every((r) => column(r, 'Rule outcome (optional)') === '0')).toBe(true);
  });

  it('keeps Thai text intact, and writes English names for en', () => {
    const dl = competencies.find((r) => column(r, 'ID number') === 'ocsc-digital-government-skills/DL-WORD')!;
    expect(column(dl, 'Short name')).toBe('การใช้โปรแกรมประมวลคำ');
    expect(Buffer.from(th, 'utf8').toString('utf8')).toBe(th);
    expect(th).toContain('กลุ่มทักษะด้านการออกแบบกระบวนการและการให้บริการด้วยระบบดิจิทัลเพื่อการพัฒนาคุณภาพงานภาครัฐ');
    const en = parseCsv(toMoodleCompetencyCsv(ocsc, 'en'));
    expect(column(en[1]!, 'Short name')).toBe(ocsc.name.en);
    expect(en.map((r) => column(r, 'Short name'))).toContain('Digital Literacy Skill Set');
  });

  it('quotes commas, quotes and line breaks (RFC 4180) so they survive a round trip', () => {
    const tricky: Framework = structuredClone(ocsc);
    tricky.dimensions[0]!.name.th = 'มิติ "หนึ่ง", ทดสอบ';
    tricky.dimensions[0]!.description.th = 'บรรทัดแรก\nบรรทัดที่สอง, "มีเครื่องหมายคำพูด"';
    const back = parseCsv(toMoodleCompetencyCsv(tricky, 'th'));
    const d1 = back.find((r) => column(r, 'ID number') === 'ocsc-digital-government-skills/D1')!;
    expect(column(d1, 'Short name')).toBe('มิติ "หนึ่ง", ทดสอบ');
    expect(column(d1, 'Description')).toBe('บรรทัดแรก\nบรรทัดที่สอง, "มีเครื่องหมายคำพูด"');
    expect(back.every((r) => r.length === 14)).toBe(true);
  });

  it('writes a name or description that would start a spreadsheet formula as text', () => {
    const hostile: Framework = structuredClone(ocsc);
    hostile.dimensions[0]!.name.th = '=HYPERLINK("http://x","คลิก")';
    hostile.dimensions[0]!.description.th = '@SUM(1+1)';
    hostile.skillSets[0]!.name.th = '-2+3';
    const back = parseCsv(toMoodleCompetencyCsv(hostile, 'th'));
    const byId = (code: string) =>
      back.find((r) => column(r, 'ID number') === `ocsc-digital-government-skills/${code}`)!;
    expect(column(byId('D1'), 'Short name')).toBe(`'=HYPERLINK("http://x","คลิก")`);
    expect(column(byId('D1'), 'Description')).toBe(`'@SUM(1+1)`);
    expect(column(byId('DL'), 'Short name')).toBe(`'-2+3`);
    expect(back.every((r) => r.length === 14)).toBe(true);
  });

  it('needs to shorten no name of the shipped frameworks, in either language', () => {
    const teacher = readFrameworkFile(path.join(defaultFrameworkDir(), 'teacher-digital-skills.json'));
    for (const f of [ocsc, teacher])
      for (const locale of ['th', 'en'] as const) {
        const names = parseCsv(toMoodleCompetencyCsv(f, locale))
          .slice(1)
          .map((r) => column(r, 'Short name')!);
        expect(names.filter((n) => n.endsWith('…'))).toEqual([]);
      }
  });

  it('shortens names longer than Moodle keeps (100 characters) and keeps the full name in the description', () => {
    const long: Framework = structuredClone(ocsc);
    long.skillSets[0]!.name.th = 'ทักษะ'.repeat(30);
    const back = parseCsv(toMoodleCompetencyCsv(long, 'th'));
    const dl = back.find((r) => column(r, 'ID number') === 'ocsc-digital-government-skills/DL')!;
    expect(Array.from(column(dl, 'Short name')!).length).toBeLessThanOrEqual(100);
    expect(column(dl, 'Short name')!.endsWith('…')).toBe(true);
    expect(column(dl, 'Description')!.startsWith('ทักษะ'.repeat(30))).toBe(true);
  });
});
