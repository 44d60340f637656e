import { stringify } from 'csv-stringify/sync';

/**
 * One cell: text (a name, a title, anything a person typed, and the tool's own labels) or a number the tool
 * computed. Empty for null and undefined.
 */
export type CsvCell = string | number | null | undefined;

export interface CsvOptions {
  /** A UTF-8 byte order mark first, so that Excel reads Thai as UTF-8. */
  bom?: boolean;
  /** CRLF (RFC 4180, Excel) or LF (what Moodle's own exports write). */
  lineEnd: '\r\n' | '\n';
}

/**
 * The one CSV writer of the tool: every export goes through it.
 *
 * Quoting is RFC 4180 (csv-stringify): a cell holding a comma, a quote or a line break is quoted and its quotes
 * doubled; a cell with a space at either end is quoted too, so that no reader trims it.
 *
 * Formula injection (OWASP "CSV Injection"): a text cell starting with =, +, -, @, a tab or a carriage return (or
 * the full-width ＝ ＋ － ＠ that some spreadsheets normalise) gets a leading apostrophe, so that a spreadsheet shows
 * it as text instead of running it (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`). Numbers are written as numbers: a
 * negative number is a value the tool computed, never a formula, and stays `-1.5`. So text that looks like a
 * number (`"-1.5"` typed by a person) is neutralised; pass numbers as numbers.
 */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<CsvCell>>, options: CsvOptions): string {
  return stringify(
    rows.map((r) => [...r]),
    {
      bom: options.bom ?? false,
      record_delimiter: options.lineEnd === '\r\n' ? 'windows' : 'unix',
      // Setting a record delimiter turns csv-stringify's quoting of line breaks off unless asked for.
      quote_record_delimiter: true,
      quoted_match: /^\s|\s$/,
      escape_formulas: true,
      cast: { number: (n) => (Number.isFinite(n) ? String(n) : '') },
    },
  );
}
