import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CrosswalkFileError, readCrosswalkDir } from '../../src/content/crosswalk-file';
import { readFrameworkDir } from '../../src/content/framework-file';
import {
  checkCrosswalk,
  counterparts,
  crosswalkBetween,
  translateMappings,
  type Crosswalk,
} from '../../src/domain/framework/crosswalk';

const frameworks = readFrameworkDir();
const OCSC = 'ocsc-digital-government-skills';
const TPQI = 'tpqi-digital-government-2567';
const ocsc = frameworks.find((f) => f.id === OCSC)!;
const tpqi = frameworks.find((f) => f.id === TPQI)!;
const shipped = readCrosswalkDir(frameworks);
const cw = crosswalkBetween(shipped, TPQI, OCSC)!;

describe('the OCSC 2017 – TPQI 2567 crosswalk (config/crosswalks)', () => {
  it('ships one reviewed crosswalk whose every link gives its basis in Thai and English', () => {
    expect([...shipped.keys()]).toEqual(['ocsc-2017-tpqi-2567']);
    expect(checkCrosswalk(cw, ocsc, tpqi)).toEqual([]);
    for (const l of cw.links) {
      expect(l.basis.th.trim()).not.toBe('');
      expect(l.basis.en.trim()).not.toBe('');
    }
    expect(cw.note.en).toMatch(/not a table published by OCSC or TPQI/);
  });

  it('the sample module "computer basics" (DL, computer use, 1.5 h) counts 1.5 h towards TPQI unit DG-TNMQ-001', () => {
    const module = [{ skillSet: 'DL', area: 'DL-COMPUTER', hours: 1.5 }];
    expect(translateMappings(cw, OCSC, TPQI, module)).toEqual({
      mappings: [{ skillSet: 'DL', area: 'DG-TNMQ-001', hours: 1.5 }],
      unmatched: [],
    });
  });

  it('Digital Leadership and Digital Transformation fold into TPQI Digital Leadership; hours add up once', () => {
    const mapped = [
      { skillSet: 'DLD', hours: 2 },
      { skillSet: 'DTF', hours: 1.25 },
      { skillSet: 'DL', area: 'DL-INTERNET', hours: 1 },
      { skillSet: 'DL', area: 'DL-SECURE-USE', hours: 0.5 },
    ];
    expect(translateMappings(cw, OCSC, TPQI, mapped).mappings).toEqual([
      { skillSet: 'DLD', hours: 3.25 },
      { skillSet: 'DL', area: 'DG-TNMQ-001', hours: 1.5 },
    ]);
  });

  it('an OCSC area with no TPQI unit still counts towards TPQI Digital Literacy, without an area', () => {
    expect(
      translateMappings(cw, OCSC, TPQI, [{ skillSet: 'DL', area: 'DL-WORD', hours: 2 }]).mappings,
    ).toEqual([{ skillSet: 'DL', hours: 2 }]);
  });

  it('Project and Strategic Management has no TPQI counterpart: it is returned unmatched, not dropped silently', () => {
    expect(translateMappings(cw, OCSC, TPQI, [{ skillSet: 'PSM', hours: 3 }])).toEqual({
      mappings: [],
      unmatched: [{ skillSet: 'PSM', hours: 3 }],
    });
  });

  it('from TPQI to OCSC: Digital Service counts as Process and Service Design, Leadership only as DLD, units lose their area', () => {
    const mapped = [
      { skillSet: 'DS', hours: 2 },
      { skillSet: 'DLD', hours: 1 },
      { skillSet: 'DL', area: 'DG-TNMQ-001', hours: 1.5 },
      { skillSet: 'CS', area: 'DG-LKUE-040', hours: 4 },
    ];
    expect(translateMappings(cw, TPQI, OCSC, mapped)).toEqual({
      mappings: [
        { skillSet: 'DPS', hours: 2 },
        { skillSet: 'DLD', hours: 1 },
        { skillSet: 'DL', hours: 1.5 },
      ],
      unmatched: [{ skillSet: 'CS', area: 'DG-LKUE-040', hours: 4 }],
    });
  });

  it('within one framework the mappings are unchanged; a crosswalk that does not join the two is refused', () => {
    const m = [{ skillSet: 'DL', hours: 1 }];
    expect(translateMappings(cw, OCSC, OCSC, m).mappings).toEqual(m);
    expect(() => translateMappings(cw, OCSC, 'teacher-digital-skills', m)).toThrow(/does not join/);
  });

  it('lists what a code stands for on the other side, for the framework pages', () => {
    expect(counterparts(cw, 'b', 'skillSet', 'DLD').map((c) => `${c.code} ${c.towards}`)).toEqual([
      'DLD both',
      'DTF b',
    ]);
    expect(counterparts(cw, 'a', 'skillSet', 'PSM')).toEqual([]);
  });

  it('refuses unknown codes, a code counting twice, and an area link without its skill sets linked', () => {
    const broken: Crosswalk = structuredClone(cw);
    const basis = { th: 'x', en: 'x' };
    broken.links.push(
      { level: 'skillSet', a: 'GHOST', b: 'DL', towards: 'both', basis },
      { level: 'skillSet', a: 'DL', b: 'DT', towards: 'b', basis },
      { level: 'area', a: 'DL-SECURITY', b: 'DG-LKUE-040', towards: 'b', basis },
    );
    expect(checkCrosswalk(broken, ocsc, tpqi).map((p) => `${p.entry}: ${p.field}: ${p.message}`)).toEqual([
      `links[9] (GHOST <-> DL): a: no skill set "GHOST" in ${OCSC}`,
      'links[9] (GHOST <-> DL): b: "DL" already counts towards ocsc-digital-government-skills in links[0] (DL <-> DL); hours would count twice',
      `links[10] (DL -> DT): a: "DL" already counts towards ${TPQI} in links[0] (DL <-> DL); hours would count twice`,
      'links[11] (DL-SECURITY -> DG-LKUE-040): level: needs a skill-set link DL -> CS that counts the same way',
    ]);
  });

  it('a broken file stops start-up naming the file, the link and the field', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crosswalks-'));
    const file = path.join(dir, 'x.json');
    fs.writeFileSync(file, JSON.stringify({ ...cw, links: [{ ...cw.links[0], b: 'NOPE' }] }));
    expect(() => readCrosswalkDir(frameworks, dir)).toThrow(CrosswalkFileError);
    expect(() => readCrosswalkDir(frameworks, dir)).toThrow(
      `${file}: links[0] (DL <-> NOPE): b: no skill set "NOPE" in ${TPQI}`,
    );
    fs.writeFileSync(file, JSON.stringify({ ...cw, b: 'ghost' }));
    expect(() => readCrosswalkDir(frameworks, dir)).toThrow(
      `${file}: crosswalk: b: no framework "ghost" is loaded`,
    );
    fs.rmSync(dir, { recursive: true });
  });
});
