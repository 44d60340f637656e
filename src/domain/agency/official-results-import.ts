import type { PersonId } from '../../shared/ids';
import { BUDDHIST_ERA_OFFSET } from '../learning-record/fiscal-year';
import { isEmail, readCsvRecords, withinRowLimits, type FileProblem } from './target-group-import';

/**
 * Official results (issue #19 item 6): administrators import, from a CSV file, the results of the official online
 * self-assessment (DG-SA, dg-sa.tpqi.go.th, which seed 002 has every official take: a level per skill set and the
 * date) and of TPQI certification (seeds 000 and 001: TPQI assesses and certifies; a unit or area of the TPQI 2567
 * framework, the level, the certificate number and the date). The file is read and every row judged here (pure:
 * the people, the codes and the results already held come from the caller), as the target-group import does
 * (`target-group-import.ts`, whose decoding and limits it shares); nothing is written until the administrator
 * confirms the preview, and then only when no row has an error.
 */

export type OfficialResultKind = 'dg_sa' | 'tpqi_certification';
export const OFFICIAL_RESULT_KINDS: readonly OfficialResultKind[] = ['dg_sa', 'tpqi_certification'];

/**
 * TPQI's levels: the Thai Professional Qualification Framework's eight (ชั้น 1-8). A DG-SA level is read on the
 * scale of the tool's own self-assessment: 0 not yet, then one per stage of the organisation's framework.
 */
export const TPQI_LEVELS = { min: 1, max: 8 } as const;

/** The longest certificate number kept (TPQI's are far shorter). */
export const MAX_CERTIFICATE_NUMBER = 64;

/** The header's names, as the page and the template show them; the first column may be either. */
export const OFFICIAL_HEADER = {
  user: ['lms_user_id', 'email'],
  rest: ['kind', 'code', 'level', 'date', 'certificate_number'],
} as const;

/** The template a page offers for download: the header and one example row of each kind. */
export const OFFICIAL_TEMPLATE_ROWS: readonly string[][] = [
  ['lms_user_id', ...OFFICIAL_HEADER.rest],
  ['12345', 'dg_sa', 'DL', '2', '2026-03-15', ''],
  ['somchai@example.go.th', 'tpqi_certification', 'DG-TNMQ-001', '3', '15/3/2569', 'TPQI-2569-000123'],
];

/** One row of the file as written, with the line it starts on (the header is line 1). */
export interface OfficialRow {
  line: number;
  user: string;
  kind: string;
  code: string;
  level: string;
  date: string;
  certificateNumber: string;
  /** Cells past the header's columns. */
  extraCells: boolean;
}

/** The rows of the text, or what is wrong with the file as a whole. */
export function readOfficialRows(text: string): { rows: OfficialRow[] } | FileProblem {
  const file = readCsvRecords(text);
  if ('code' in file) return file;
  const [user, ...rest] = file.names;
  // The certificate number may be left out of a file of DG-SA results only.
  const expected = OFFICIAL_HEADER.rest as readonly string[];
  if (
    !(OFFICIAL_HEADER.user as readonly string[]).includes(user ?? '') ||
    (rest.length !== expected.length && rest.length !== expected.length - 1) ||
    rest.some((n, i) => n !== expected[i])
  )
    return { code: 'BAD_HEADER' };
  const columns = file.names.length;
  const cell = (r: string[], i: number) => (i < columns ? (r[i] ?? '').trim() : '');
  return withinRowLimits(
    file.records.map(({ cells, line }): OfficialRow => ({
      line,
      user: cell(cells, 0),
      kind: cell(cells, 1),
      code: cell(cells, 2),
      level: cell(cells, 3),
      date: cell(cells, 4),
      certificateNumber: cell(cells, 5),
      extraCells: cells.slice(columns).some((c) => c.trim() !== ''),
    })),
  );
}

/**
 * A date as the file may give it: ISO `2026-03-15` (Christian era, as systems export), or `15/3/2569` (day/month/
 * year in the Buddhist era, as Thai staff type it; `-` or `.` also separate). A day/month/year date with a
 * Christian-era year is refused (15/3/2026 could be a slip for 2569 or for 2026: the file says which by its form).
 * Undefined when the text names no day.
 */
export function parseResultDate(s: string): string | undefined {
  const t = s.replace(/[\u0E50-\u0E59]/g, (d) => String(d.charCodeAt(0) - 0x0e50)).trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const thai = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(t);
  let y: number, m: number, d: number;
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (thai) {
    const be = Number(thai[4]);
    if (be < 2400 || be > 2799) return undefined;
    [y, m, d] = [be - BUDDHIST_ERA_OFFSET, Number(thai[3]), Number(thai[1])];
  } else return undefined;
  if (y < 1900 || y > 2299 || m < 1 || m > 12 || d < 1) return undefined;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > last) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A person of the organisation as the import sees them. */
export interface OfficialPerson {
  personId: PersonId;
  platformUserId: string;
  name?: string;
  email?: string;
}

/** A result kept now (the newest of its person, kind, code and date). */
export interface HeldResult {
  id: number;
  personId: PersonId;
  kind: OfficialResultKind;
  code: string;
  level: number;
  awardedOn: string;
  certificateNumber?: string;
}

/** What a row would keep. */
export interface OfficialResult {
  personId: PersonId;
  kind: OfficialResultKind;
  /** The canonical code: a skill set of the organisation's framework (DG-SA), a TPQI unit or area. */
  code: string;
  /** The TPQI area (skill set) the code belongs to; the code itself for an area; DG-SA: the skill set. */
  area: string;
  level: number;
  awardedOn: string;
  certificateNumber?: string;
}

/** The codes a row may name. */
export interface OfficialCodes {
  /** The skill sets of the organisation's framework, and its number of stages (the highest DG-SA level). */
  dgSa: { skillSets: readonly string[]; stages: number };
  /** The TPQI 2567 framework: unit codes to their area, and the area (skill set) codes. */
  tpqi: { units: ReadonlyMap<string, string>; areas: readonly string[] };
}

export type OfficialRowProblemCode =
  | 'EMPTY_USER'
  | 'UNKNOWN_PERSON'
  | 'AMBIGUOUS_EMAIL'
  | 'EXTRA_CELLS'
  | 'UNKNOWN_KIND'
  | 'UNKNOWN_CODE'
  | 'BAD_LEVEL'
  | 'BAD_DATE'
  | 'FUTURE_DATE'
  | 'NO_CERTIFICATE_NUMBER'
  | 'CERTIFICATE_NUMBER_NOT_TPQI'
  | 'BAD_CERTIFICATE_NUMBER'
  | 'DUPLICATE_ROW'
  | 'OWN_ROW';

export type OfficialOutcome =
  | { kind: 'add'; person: OfficialPerson; result: OfficialResult }
  | { kind: 'replace'; person: OfficialPerson; result: OfficialResult; before: HeldResult }
  | { kind: 'unchanged'; person: OfficialPerson; result: OfficialResult; held: HeldResult }
  | {
      kind: 'error';
      code: OfficialRowProblemCode;
      person?: OfficialPerson;
      /** The highest level allowed (BAD_LEVEL), the other line (DUPLICATE_ROW). */
      max?: number;
      min?: number;
      otherLine?: number;
    };

export interface PlannedOfficialRow {
  row: OfficialRow;
  outcome: OfficialOutcome;
}

export interface OfficialPlan {
  rows: PlannedOfficialRow[];
  counts: { add: number; replace: number; unchanged: number; error: number };
}

/** The key of one result: a person's level of one kind and code on one day (a second one replaces it). */
export const resultKey = (r: {
  personId: PersonId;
  kind: OfficialResultKind;
  code: string;
  awardedOn: string;
}): string => `${r.personId}|${r.kind}|${r.code}|${r.awardedOn}`;

/** A certificate number: letters, digits and - / . _ and spaces inside, at most 64 characters. */
const CERTIFICATE_NUMBER = /^[\p{L}\p{N}][\p{L}\p{N}\s/._-]*$/u;

/**
 * Judges every row: who it names (as the target-group import: one person by LMS user id, by e-mail address
 * exactly one), the kind, the code (DG-SA: a skill set of the organisation's framework; TPQI: a unit or area of
 * the TPQI 2567 framework, any case), the level (DG-SA 0 to the framework's stages; TPQI 1-8), the date (not
 * after `today`), the certificate number (TPQI only, and required there), and what it does to the results held:
 * added, replacing another level or number of the same person, kind, code and date, or unchanged. Two rows of one
 * person, kind, code and date are both errors (which one was meant?). The importer's own rows are refused: an
 * administrator does not certify themself.
 */
export function planOfficialImport(
  rows: readonly OfficialRow[],
  people: {
    byUserId: ReadonlyMap<string, OfficialPerson>;
    byEmail: ReadonlyMap<string, readonly OfficialPerson[]>;
  },
  codes: OfficialCodes,
  held: ReadonlyMap<string, HeldResult>,
  importer: PersonId,
  today: string,
): OfficialPlan {
  const dgSa = new Map(codes.dgSa.skillSets.map((c) => [c.toUpperCase(), c]));
  const tpqi = new Map<string, { code: string; area: string }>();
  for (const a of codes.tpqi.areas) tpqi.set(a.toUpperCase(), { code: a, area: a });
  for (const [u, area] of codes.tpqi.units) tpqi.set(u.toUpperCase(), { code: u, area });

  const judged = rows.map((row): PlannedOfficialRow => {
    const fail = (code: OfficialRowProblemCode, person?: OfficialPerson, more = {}): PlannedOfficialRow => ({
      row,
      outcome: { kind: 'error', code, person, ...more },
    });
    if (row.user === '') return fail('EMPTY_USER');
    let person: OfficialPerson | undefined;
    if (isEmail(row.user)) {
      const found = people.byEmail.get(row.user.toLowerCase()) ?? [];
      if (found.length > 1) return fail('AMBIGUOUS_EMAIL');
      person = found[0];
    } else person = people.byUserId.get(row.user);
    if (!person) return fail('UNKNOWN_PERSON');
    if (row.extraCells) return fail('EXTRA_CELLS', person);
    const kind = row.kind.toLowerCase();
    if (kind !== 'dg_sa' && kind !== 'tpqi_certification') return fail('UNKNOWN_KIND', person);
    const code = kind === 'dg_sa' ? dgSa.get(row.code.toUpperCase()) : tpqi.get(row.code.toUpperCase())?.code;
    if (code === undefined) return fail('UNKNOWN_CODE', person);
    const [min, max] = kind === 'dg_sa' ? [0, codes.dgSa.stages] : [TPQI_LEVELS.min, TPQI_LEVELS.max];
    const level = /^\d{1,2}$/.test(row.level) ? Number(row.level) : NaN;
    if (!(level >= min && level <= max)) return fail('BAD_LEVEL', person, { min, max });
    const awardedOn = parseResultDate(row.date);
    if (!awardedOn) return fail('BAD_DATE', person);
    if (awardedOn > today) return fail('FUTURE_DATE', person);
    const number = row.certificateNumber;
    if (kind === 'dg_sa' && number !== '') return fail('CERTIFICATE_NUMBER_NOT_TPQI', person);
    if (kind === 'tpqi_certification' && number === '') return fail('NO_CERTIFICATE_NUMBER', person);
    if (number !== '' && (number.length > MAX_CERTIFICATE_NUMBER || !CERTIFICATE_NUMBER.test(number)))
      return fail('BAD_CERTIFICATE_NUMBER', person);
    if (person.personId === importer) return fail('OWN_ROW', person);
    const result: OfficialResult = {
      personId: person.personId,
      kind,
      code,
      area: kind === 'dg_sa' ? code : tpqi.get(code.toUpperCase())!.area,
      level,
      awardedOn,
      ...(number !== '' ? { certificateNumber: number } : {}),
    };
    const before = held.get(resultKey(result));
    if (!before) return { row, outcome: { kind: 'add', person, result } };
    const same = before.level === level && (before.certificateNumber ?? '') === number;
    return {
      row,
      outcome: same
        ? { kind: 'unchanged', person, result, held: before }
        : { kind: 'replace', person, result, before },
    };
  });

  // The same result on two rows or more: every one of them is an error, naming another.
  const lines = new Map<string, number[]>();
  for (const j of judged)
    if (j.outcome.kind !== 'error') {
      const k = resultKey(j.outcome.result);
      lines.set(k, [...(lines.get(k) ?? []), j.row.line]);
    }
  const planned = judged.map((j): PlannedOfficialRow => {
    if (j.outcome.kind === 'error') return j;
    const same = lines.get(resultKey(j.outcome.result))!;
    if (same.length < 2) return j;
    return {
      row: j.row,
      outcome: {
        kind: 'error',
        code: 'DUPLICATE_ROW',
        person: j.outcome.person,
        otherLine: same.find((l) => l !== j.row.line),
      },
    };
  });
  const counts = { add: 0, replace: 0, unchanged: 0, error: 0 };
  for (const r of planned) counts[r.outcome.kind] += 1;
  return { rows: planned, counts };
}

/** The people a file names: the LMS user ids and the lower-cased e-mail addresses to look up. */
export function namesInOfficialImport(rows: readonly OfficialRow[]): { userIds: string[]; emails: string[] } {
  const userIds = new Set<string>();
  const emails = new Set<string>();
  for (const r of rows) {
    if (r.user === '') continue;
    if (isEmail(r.user)) emails.add(r.user.toLowerCase());
    else userIds.add(r.user);
  }
  return { userIds: [...userIds], emails: [...emails] };
}
