import { parse } from 'csv-parse/sync';
import type { PersonId } from '../../shared/ids';
import type { SecondGroup, TargetState } from './target-group';

/**
 * Administrators set the target groups of many people at once from a CSV file (issue #18 item 7): one row per
 * person, the LMS user id or the e-mail address, the group code, and optionally a second group. The file is read
 * and every row judged here (pure: the people come from the caller); nothing is written until the administrator
 * confirms the preview, and then only when no row has an error.
 */

/** At most this many people per file (a large ministry imports in parts). */
export const MAX_IMPORT_ROWS = 5000;
/** The largest file read, in bytes (5,000 rows of an e-mail address and two codes fit in well under it). */
export const MAX_IMPORT_BYTES = 1_000_000;

/** The header's names, as the page shows them; the first column may be either. */
export const IMPORT_HEADER = {
  user: ['lms_user_id', 'email'],
  group: 'group',
  second: 'second_group',
} as const;

/**
 * What is wrong with an upload as a whole. NOTHING_GIVEN: neither a file chosen nor text pasted (the form's
 * reader says it); EMPTY_FILE: a file or text given, with nothing in it.
 */
export type FileProblemCode =
  | 'NOTHING_GIVEN'
  | 'EMPTY_FILE'
  | 'TOO_LARGE'
  | 'NOT_TEXT'
  | 'BAD_CSV'
  | 'BAD_HEADER'
  | 'TOO_MANY_ROWS'
  | 'NO_ROWS';

export interface FileProblem {
  code: FileProblemCode;
  /** The line it was found on (BAD_CSV), or the limit (TOO_MANY_ROWS, TOO_LARGE). */
  line?: number;
  limit?: number;
}

/** The encodings read: UTF-8 (with or without a byte order mark), and Excel's Thai "CSV" (Windows-874). */
export type ImportEncoding = 'utf-8' | 'windows-874';

/**
 * The file's text. UTF-8 first (a BOM is dropped); a file that is not UTF-8 is read as Windows-874, which Excel on
 * a Thai Windows writes when saving "CSV (Comma delimited)": its bytes 0xA1-0xFB are Thai letters. Bytes that are
 * neither (a binary file, another code page's undefined bytes) are refused.
 */
export function decodeImport(bytes: Uint8Array): { text: string; encoding: ImportEncoding } | FileProblem {
  if (bytes.length === 0) return { code: 'EMPTY_FILE' };
  if (bytes.length > MAX_IMPORT_BYTES) return { code: 'TOO_LARGE', limit: MAX_IMPORT_BYTES };
  let text: string;
  let encoding: ImportEncoding = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Windows-874 leaves 0x81-0x84, 0x86-0x90, 0x98-0x9F, 0xDB-0xDE and 0xFC-0xFF undefined (WHATWG index); some
    // decoders drop them silently, so they are refused here.
    if (
      bytes.some(
        (b) =>
          (b > 0x80 && b < 0xa0 && b !== 0x85 && !(b >= 0x91 && b <= 0x97)) ||
          (b >= 0xdb && b <= 0xde) ||
          b >= 0xfc,
      )
    )
      return { code: 'NOT_TEXT' };
    try {
      text = new TextDecoder('windows-874', { fatal: true }).decode(bytes);
      encoding = 'windows-874';
    } catch {
      return { code: 'NOT_TEXT' };
    }
    // One character per byte, or something was lost.
    if (text.length !== bytes.length) return { code: 'NOT_TEXT' };
  }
  // NUL and the other C0 controls but tab, CR and LF never belong in this file.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return { code: 'NOT_TEXT' };
  return { text: text.replace(/^\uFEFF/, ''), encoding };
}

/** One row of the file as written, with the line it starts on (the header is line 1). */
export interface ImportRow {
  line: number;
  user: string;
  group: string;
  second: string;
  /** Cells past the header's columns. */
  extraCells: boolean;
}

const headerName = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** A CSV import's file read into records: the header's names, and each non-empty record with the line it starts on. */
export interface CsvRecords {
  /** The header's cells, trimmed, lower case, spaces and hyphens as `_`; trailing empty ones left out. */
  names: string[];
  records: Array<{ cells: string[]; line: number }>;
}

/**
 * Reads the text of a CSV import (target groups, official results) into its header and records, or what is wrong
 * with the file as a whole: empty, or not CSV near a line. Empty records are skipped.
 */
export function readCsvRecords(text: string): CsvRecords | FileProblem {
  if (text.trim() === '') return { code: 'EMPTY_FILE' };
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(text, {
      info: true,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // Excel writes CRLF, other tools LF; one file may even mix them.
      record_delimiter: ['\r\n', '\n', '\r'],
      // A file of 5,000 rows has no business holding a field longer than this.
      max_record_size: 10_000,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (err) {
    const line = (err as { lines?: unknown }).lines;
    return { code: 'BAD_CSV', line: typeof line === 'number' ? line : undefined };
  }
  const [header, ...body] = parsed;
  const names = (header?.record ?? []).map(headerName);
  // Trailing empty header cells (a spreadsheet's stray column) are ignored.
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  return {
    names,
    records: body
      .filter((r) => r.record.some((c) => c.trim() !== ''))
      .map((r) => ({
        cells: r.record,
        // csv-parse counts the line a record ends on: a record with a quoted line break starts earlier.
        line: r.info.lines - (r.record.join('').match(/\r\n|\n|\r/g)?.length ?? 0),
      })),
  };
}

/** The rows of a file, unless it has none or more than an import takes. */
export function withinRowLimits<R>(rows: R[]): { rows: R[] } | FileProblem {
  if (rows.length === 0) return { code: 'NO_ROWS' };
  if (rows.length > MAX_IMPORT_ROWS) return { code: 'TOO_MANY_ROWS', limit: MAX_IMPORT_ROWS };
  return { rows };
}

/** The rows of the text, or what is wrong with the file as a whole. */
export function readImportRows(text: string): { rows: ImportRow[] } | FileProblem {
  const file = readCsvRecords(text);
  if ('code' in file) return file;
  const { names } = file;
  const [user, group, second] = names;
  const userHeader = IMPORT_HEADER.user as readonly string[];
  if (
    names.length < 2 ||
    names.length > 3 ||
    !userHeader.includes(user ?? '') ||
    group !== IMPORT_HEADER.group ||
    (names.length === 3 && second !== IMPORT_HEADER.second)
  )
    return { code: 'BAD_HEADER' };
  return withinRowLimits(
    file.records.map(({ cells, line }) => ({
      line,
      user: (cells[0] ?? '').trim(),
      group: (cells[1] ?? '').trim(),
      second: names.length === 3 ? (cells[2] ?? '').trim() : '',
      extraCells: cells.slice(names.length).some((c) => c.trim() !== ''),
    })),
  );
}

/** A person of the organisation as the import sees them. */
export interface ImportPerson {
  personId: PersonId;
  platformUserId: string;
  name?: string;
  email?: string;
  group?: string;
  state: TargetState;
  second?: SecondGroup;
}

/** Whether a row's person is named by e-mail address (else by LMS user id). */
export const isEmail = (user: string): boolean => user.includes('@');

export type RowProblemCode =
  | 'EMPTY_USER'
  | 'UNKNOWN_PERSON'
  | 'AMBIGUOUS_EMAIL'
  | 'DUPLICATE_PERSON'
  | 'EMPTY_GROUP'
  | 'UNKNOWN_GROUP'
  | 'UNKNOWN_SECOND_GROUP'
  | 'SECOND_SAME_AS_FIRST'
  | 'EXTRA_CELLS'
  | 'OWN_ROW';

export type RowOutcome =
  | { kind: 'set'; person: ImportPerson; group: string; second?: string }
  | { kind: 'unchanged'; person: ImportPerson; group: string; second?: string }
  | { kind: 'error'; code: RowProblemCode; person?: ImportPerson; otherLine?: number };

export interface PlannedRow {
  row: ImportRow;
  outcome: RowOutcome;
}

export interface ImportPlan {
  rows: PlannedRow[];
  counts: { set: number; unchanged: number; error: number };
}

/** A target group as a file may name it: its code, or its name in either language (what the drop-downs show). */
export interface ImportGroup {
  code: string;
  name: { th: string; en: string };
}

/**
 * The code of the group a cell names: the code exactly as the framework writes it, or the group's name in Thai or
 * English (trimmed; English in any case, Thai exactly). Undefined when it names none of them.
 */
export function groupNamed(value: string, groups: readonly ImportGroup[]): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  const byCode = groups.find((g) => g.code === v);
  if (byCode) return byCode.code;
  const english = v.toLowerCase();
  return groups.find((g) => g.name.th.trim() === v || g.name.en.trim().toLowerCase() === english)?.code;
}

/**
 * Judges every row: who it names (one person by LMS user id; by e-mail address, exactly one), the groups (the
 * framework's, by code or by name: `groupNamed`; the outcome carries the code), and whether it changes anything. A person named on two rows is an error on both (which row was
 * meant?). The importer's own row is refused: someone else sets their group. `people` holds everyone the file
 * names that the organisation knows, by LMS user id and by lower-cased e-mail address.
 */
export function planImport(
  rows: readonly ImportRow[],
  people: {
    byUserId: ReadonlyMap<string, ImportPerson>;
    byEmail: ReadonlyMap<string, readonly ImportPerson[]>;
  },
  groups: readonly ImportGroup[],
  importer: PersonId,
): ImportPlan {
  const firstLineOf = new Map<PersonId, number>();
  const judged: Array<{ row: ImportRow; outcome: RowOutcome }> = rows.map((row) => {
    const fail = (code: RowProblemCode, person?: ImportPerson): RowOutcome => ({
      kind: 'error',
      code,
      person,
    });
    if (row.user === '') return { row, outcome: fail('EMPTY_USER') };
    let person: ImportPerson | undefined;
    if (isEmail(row.user)) {
      const found = people.byEmail.get(row.user.toLowerCase()) ?? [];
      if (found.length > 1) return { row, outcome: fail('AMBIGUOUS_EMAIL') };
      person = found[0];
    } else person = people.byUserId.get(row.user);
    if (!person) return { row, outcome: fail('UNKNOWN_PERSON') };
    if (!firstLineOf.has(person.personId)) firstLineOf.set(person.personId, row.line);
    if (row.extraCells) return { row, outcome: fail('EXTRA_CELLS', person) };
    if (row.group === '') return { row, outcome: fail('EMPTY_GROUP', person) };
    const group = groupNamed(row.group, groups);
    if (group === undefined) return { row, outcome: fail('UNKNOWN_GROUP', person) };
    const second = row.second === '' ? undefined : groupNamed(row.second, groups);
    if (row.second !== '' && second === undefined)
      return { row, outcome: fail('UNKNOWN_SECOND_GROUP', person) };
    if (second === group) return { row, outcome: fail('SECOND_SAME_AS_FIRST', person) };
    if (person.personId === importer) return { row, outcome: fail('OWN_ROW', person) };
    const changes =
      person.group !== group ||
      person.state !== 'agreed' ||
      (second !== undefined && (person.second?.group !== second || person.second.state !== 'approved'));
    return { row, outcome: { kind: changes ? 'set' : 'unchanged', person, group, second } };
  });
  // A person on two rows or more: every one of them is an error, naming the first.
  const seen = new Map<PersonId, number>();
  for (const j of judged) {
    const p = j.outcome.person;
    if (p) seen.set(p.personId, (seen.get(p.personId) ?? 0) + 1);
  }
  const planned = judged.map((j): PlannedRow => {
    const p = j.outcome.person;
    if (!p || (seen.get(p.personId) ?? 0) < 2) return j;
    const first = firstLineOf.get(p.personId)!;
    return {
      row: j.row,
      outcome: {
        kind: 'error',
        code: 'DUPLICATE_PERSON',
        person: p,
        otherLine:
          first === j.row.line
            ? judged.find((x) => x.outcome.person?.personId === p.personId && x.row !== j.row)?.row.line
            : first,
      },
    };
  });
  const counts = { set: 0, unchanged: 0, error: 0 };
  for (const r of planned) counts[r.outcome.kind] += 1;
  return { rows: planned, counts };
}

/** The people a file names: the LMS user ids and the lower-cased e-mail addresses to look up. */
export function namesInImport(rows: readonly ImportRow[]): { userIds: string[]; emails: string[] } {
  const userIds = new Set<string>();
  const emails = new Set<string>();
  for (const r of rows) {
    if (r.user === '') continue;
    if (isEmail(r.user)) emails.add(r.user.toLowerCase());
    else userIds.add(r.user);
  }
  return { userIds: [...userIds], emails: [...emails] };
}
