import { toCsv } from '../../src/domain/csv';

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
