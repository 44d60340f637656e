import fs from 'node:fs';
import path from 'node:path';
import { toCsv } from '../../src/shared/csv';

const line = (cells: Array<string | number | null | undefined>) =>
  toCsv([cells], { lineEnd: '\n' }).slice(0, -1);

describe('the CSV writer', () => {
  it.each([
    ['=', '=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+', '+1+2', `'+1+2`],
    ['-', '-2+3', `'-2+3`],
    ['@', '@SUM(A1)', `'@SUM(A1)`],
    ['a tab', '\t=1', `"'\t=1"`],
    ['a carriage return', '\r=1', `"'\r=1"`],
    ['a full-width =', '＝1+1', `'＝1+1`],
  ])('writes text starting with %s as text (a leading apostrophe)', (_what, cell, expected) => {
    expect(line([cell])).toBe(expected);
  });

  it('writes numbers the tool computed as numbers, negative ones included, and text that looks like one as text', () => {
    expect(line([-1.5, 0, 12.25, '-1.5', Number.NaN])).toBe(`-1.5,0,12.25,'-1.5,`);
  });

  it('leaves ordinary text alone, and a formula character later in a cell', () => {
    expect(line(['plain text', 'a=b', 'x-1', 'user@example.go.th', '2569-10-01'])).toBe(
      'plain text,a=b,x-1,user@example.go.th,2569-10-01',
    );
  });

  it('quotes commas, quotes, line breaks and edge spaces (RFC 4180), and writes null and undefined empty', () => {
    expect(line(['a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', ' padded ', null, undefined, ''])).toBe(
      '"a,b","say ""hi""","two\nlines","cr\r\nlf"," padded ",,,',
    );
  });

  it('keeps Thai intact, ends every row with the line end asked for, and puts a BOM first when asked', () => {
    const rows = [
      ['ชื่อ', 'ชั่วโมง'],
      ['สมชาย ใจดี', 12.5],
    ];
    expect(toCsv(rows, { lineEnd: '\r\n', bom: true })).toBe('\uFEFFชื่อ,ชั่วโมง\r\nสมชาย ใจดี,12.5\r\n');
    expect(toCsv(rows, { lineEnd: '\n' })).toBe('ชื่อ,ชั่วโมง\nสมชาย ใจดี,12.5\n');
  });
});

describe('one CSV writer', () => {
  // Every file under src/, with its path relative to the repository.
  const sources = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((d) => (d.isDirectory() ? sources(path.join(dir, d.name)) : [path.join(dir, d.name)]))
      .filter((f) => f.endsWith('.ts'));
  const root = path.join(__dirname, '..', '..');
  const files = sources(path.join(root, 'src')).map((f) => ({
    file: path.relative(root, f).split(path.sep).join('/'),
    text: fs.readFileSync(f, 'utf8'),
  }));

  it('only src/shared/csv.ts uses the CSV library, and only src/http/csv.ts sends text/csv', () => {
    expect(files.filter((f) => f.text.includes('csv-stringify')).map((f) => f.file)).toEqual([
      'src/shared/csv.ts',
    ]);
    expect(files.filter((f) => f.text.includes("'text/csv")).map((f) => f.file)).toEqual(['src/http/csv.ts']);
  });
});
