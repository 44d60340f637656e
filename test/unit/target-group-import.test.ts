import {
  decodeImport,
  MAX_IMPORT_ROWS,
  groupNamed,
  planImport,
  readImportRows,
  type ImportPerson,
  type ImportRow,
} from '../../src/domain/agency/target-group-import';
import { personId } from '../../src/shared/ids';

const GROUPS = [
  { code: 'EXEC', name: { th: 'ผู้บริหารระดับสูง', en: 'Executive' } },
  { code: 'MGMT', name: { th: 'ผู้อำนวยการกอง', en: 'Management' } },
  { code: 'ACAD', name: { th: 'ผู้ทำงานด้านนโยบายและงานวิชาการ', en: 'Academic' } },
  { code: 'SERV', name: { th: 'ผู้ทำงานด้านบริการ', en: 'Service' } },
  { code: 'TECH', name: { th: 'ผู้ปฏิบัติงานเฉพาะด้านเทคโนโลยีดิจิทัล', en: 'Technology Specialist' } },
  { code: 'OTHER', name: { th: 'ผู้ปฏิบัติงานอื่น', en: 'Others' } },
];
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('reading an import file', () => {
  it('reads UTF-8 with or without a byte order mark, CRLF or LF, and quoted cells', () => {
    const text = 'lms_user_id,group,second_group\r\n"12,3",SERV,\n  u2 , ACAD , TECH\r\n\r\n';
    for (const bytes of [utf8(text), utf8(`\uFEFF${text}`)]) {
      const decoded = decodeImport(bytes);
      expect(decoded).toEqual({ text, encoding: 'utf-8' });
      expect(readImportRows(text)).toEqual({
        rows: [
          { line: 2, user: '12,3', group: 'SERV', second: '', extraCells: false },
          { line: 3, user: 'u2', group: 'ACAD', second: 'TECH', extraCells: false },
        ],
      });
    }
  });

  it("reads Excel's Thai CSV (Windows-874), and says so", () => {
    // "email,group\nสมชาย@x.th,SERV" with สมชาย in TIS-620 bytes.
    const thai = [0xca, 0xc1, 0xaa, 0xd2, 0xc2];
    const bytes = new Uint8Array([...utf8('email,group\n'), ...thai, ...utf8('@x.th,SERV\n')]);
    expect(decodeImport(bytes)).toEqual({ text: 'email,group\nสมชาย@x.th,SERV\n', encoding: 'windows-874' });
  });

  it.each<[string, Uint8Array, string]>([
    ['an empty file', new Uint8Array(), 'EMPTY_FILE'],
    ['a binary file', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), 'NOT_TEXT'],
    ['bytes no Thai code page has', new Uint8Array([0x61, 0xdb, 0xfc, 0xff]), 'NOT_TEXT'],
    ['a file over 1 MB', new Uint8Array(1_000_001).fill(0x61), 'TOO_LARGE'],
  ])('refuses %s', (_, bytes, code) => {
    expect(decodeImport(bytes)).toMatchObject({ code });
  });

  it.each<[string, string, string]>([
    ['a file of blank lines', '\n \n', 'EMPTY_FILE'],
    ['no header', '12345,SERV\n', 'BAD_HEADER'],
    ['a header of other columns', 'user,role\n1,SERV\n', 'BAD_HEADER'],
    ['a header with a fourth column', 'email,group,second_group,notes\n', 'BAD_HEADER'],
    ['a header and no rows', 'email,group\n\n', 'NO_ROWS'],
    ['an unclosed quote', 'email,group\n"a@x.th,SERV\n', 'BAD_CSV'],
  ])('refuses %s', (_, text, code) => {
    expect(readImportRows(text)).toMatchObject({ code });
  });

  it('accepts the header in any case, with spaces or hyphens for underscores, and a stray empty column', () => {
    expect(readImportRows('LMS User ID,Group,Second-Group,\n1,SERV,TECH\n')).toEqual({
      rows: [{ line: 2, user: '1', group: 'SERV', second: 'TECH', extraCells: false }],
    });
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} people`, () => {
    const text = `email,group\n${Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `u${i},SERV`).join('\n')}`;
    expect(readImportRows(text)).toEqual({ code: 'TOO_MANY_ROWS', limit: MAX_IMPORT_ROWS });
  });
});

describe('judging each row of an import', () => {
  const person = (id: number, over: Partial<ImportPerson> = {}): ImportPerson => ({
    personId: personId(id),
    platformUserId: `u${id}`,
    email: `p${id}@x.th`,
    state: 'agreed',
    ...over,
  });
  const people = [
    person(1),
    person(2, { group: 'SERV' }),
    person(3, { group: 'SERV', state: 'proposed' }),
    person(4, { email: 'shared@x.th' }),
    person(5, { email: 'Shared@X.th' }),
    person(6, { group: 'SERV', second: { group: 'TECH', state: 'approved' } }),
    person(7, { group: 'SERV', second: { group: 'TECH', state: 'pending' } }),
    person(9),
  ];
  const lookup = {
    byUserId: new Map(people.map((p) => [p.platformUserId, p])),
    byEmail: people.reduce(
      (m, p) => m.set(p.email!.toLowerCase(), [...(m.get(p.email!.toLowerCase()) ?? []), p]),
      new Map<string, ImportPerson[]>(),
    ),
  };
  const row = (line: number, user: string, group: string, second = '', extraCells = false): ImportRow => ({
    line,
    user,
    group,
    second,
    extraCells,
  });
  const judge = (...rows: ImportRow[]) => planImport(rows, lookup, GROUPS, personId(9));

  it.each<[string, ImportRow, string]>([
    ['a person without a group, by LMS user id', row(2, 'u1', 'SERV'), 'set'],
    ['a person by e-mail address, in another case', row(2, 'P1@X.TH', 'SERV'), 'set'],
    ['the agreed group again', row(2, 'u2', 'SERV'), 'unchanged'],
    ['a proposed group, now agreed', row(2, 'u3', 'SERV'), 'set'],
    ['an approved second group again', row(2, 'u6', 'SERV', 'TECH'), 'unchanged'],
    ['a pending second group, now approved', row(2, 'u7', 'SERV', 'TECH'), 'set'],
    ['no second group named: the one kept is left alone', row(2, 'u6', 'SERV'), 'unchanged'],
  ])('%s: %s', (_, r, kind) => {
    expect(judge(r).rows[0]!.outcome.kind).toBe(kind);
  });

  it.each<[string, ImportRow, string]>([
    ['an empty person cell', row(2, '', 'SERV'), 'EMPTY_USER'],
    ['nobody with that LMS user id', row(2, 'u404', 'SERV'), 'UNKNOWN_PERSON'],
    ['nobody with that e-mail address', row(2, 'nobody@x.th', 'SERV'), 'UNKNOWN_PERSON'],
    ['an e-mail address two people have', row(2, 'shared@x.th', 'SERV'), 'AMBIGUOUS_EMAIL'],
    ['an empty group', row(2, 'u1', ''), 'EMPTY_GROUP'],
    ['an unknown group', row(2, 'u1', 'serv'), 'UNKNOWN_GROUP'],
    ['an unknown second group', row(2, 'u1', 'SERV', 'NOPE'), 'UNKNOWN_SECOND_GROUP'],
    ['a second group equal to the first', row(2, 'u1', 'SERV', 'SERV'), 'SECOND_SAME_AS_FIRST'],
    ['cells past the header', row(2, 'u1', 'SERV', '', true), 'EXTRA_CELLS'],
    ["the importer's own row", row(2, 'u9', 'SERV'), 'OWN_ROW'],
  ])('%s is an error', (_, r, code) => {
    expect(judge(r).rows[0]!.outcome).toMatchObject({ kind: 'error', code });
  });

  it.each<[string, ImportRow, string, string | undefined]>([
    ['the Thai name', row(2, 'u1', 'ผู้ทำงานด้านบริการ'), 'SERV', undefined],
    ['the English name, in another case and spaced', row(2, 'u1', '  service '), 'SERV', undefined],
    ['a second group by its name', row(2, 'u1', 'SERV', 'Technology Specialist'), 'SERV', 'TECH'],
    ['a name for the group already agreed', row(2, 'u2', 'Service'), 'SERV', undefined],
  ])('a group written as %s is read as its code', (_, r, group, second) => {
    expect(judge(r).rows[0]!.outcome).toMatchObject({ group, second });
  });

  it.each<[string, ImportRow, string]>([
    ['a Thai name with a letter off', row(2, 'u1', 'ผู้ทำงานบริการ'), 'UNKNOWN_GROUP'],
    ['part of an English name', row(2, 'u1', 'Technology'), 'UNKNOWN_GROUP'],
    ['a second group by an unknown name', row(2, 'u1', 'SERV', 'Nobody'), 'UNKNOWN_SECOND_GROUP'],
    ['the same group by code and by name', row(2, 'u1', 'SERV', 'Service'), 'SECOND_SAME_AS_FIRST'],
  ])('%s is an error', (_, r, code) => {
    expect(judge(r).rows[0]!.outcome).toMatchObject({ kind: 'error', code });
  });

  it('reads a code exactly, a Thai name exactly and an English name in any case; nothing else', () => {
    expect(groupNamed('SERV', GROUPS)).toBe('SERV');
    expect(groupNamed('serv', GROUPS)).toBeUndefined();
    expect(groupNamed(' ผู้บริหารระดับสูง ', GROUPS)).toBe('EXEC');
    expect(groupNamed('EXECUTIVE', GROUPS)).toBe('EXEC');
    expect(groupNamed('', GROUPS)).toBeUndefined();
    expect(groupNamed('Others', GROUPS)).toBe('OTHER');
  });

  it('marks every row of a person named twice (by id and by e-mail), naming the other line, and counts', () => {
    const plan = judge(
      row(2, 'u1', 'SERV'),
      row(3, 'u2', 'SERV'),
      row(4, 'p1@x.th', 'ACAD'),
      row(5, 'u404', 'SERV'),
    );
    expect(
      plan.rows.map((r) => [
        r.row.line,
        r.outcome.kind,
        'code' in r.outcome ? r.outcome.code : '',
        'otherLine' in r.outcome ? r.outcome.otherLine : undefined,
      ]),
    ).toEqual([
      [2, 'error', 'DUPLICATE_PERSON', 4],
      [3, 'unchanged', '', undefined],
      [4, 'error', 'DUPLICATE_PERSON', 2],
      [5, 'error', 'UNKNOWN_PERSON', undefined],
    ]);
    expect(plan.counts).toEqual({ set: 0, unchanged: 1, error: 3 });
  });
});
