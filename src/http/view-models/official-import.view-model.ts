import { formatDate, t, type Locale } from '../../i18n/i18n';
import type { OfficialResultView } from '../../use-cases/ports/official-results';
import type { FormErrors } from '../form-errors';

/** One row of an official-results import's preview, as the table shows it. */
export interface OfficialImportRow {
  line: number;
  user: string;
  /** The person the row names, when found. */
  person?: string;
  /** The result as written: kind, code, level, date (and certificate number). */
  result: string;
  outcome: 'add' | 'replace' | 'unchanged' | 'error';
  outcomeLabel: string;
  /** What is wrong with the row (naming its line), or the level it replaces. */
  message?: string;
}

/** One past import, with its undo when it is still in force. */
export interface OfficialImportListed {
  id: number;
  at: string;
  by: string;
  counts: string;
  state: string;
  canUndo: boolean;
  undoLabel: string;
}

/** The official-results import page (views/pages/official-import.hbs), routes/official-import.routes.ts. */
export interface OfficialImportPage {
  title: string;
  errors: FormErrors;
  /** The pasted text, shown again with its problems. */
  csv: string;
  done?: string;
  /** A refusal of an undo, said at the top. */
  warning?: string;
  levelsLine: string;
  dgSaCodes: Array<{ code: string; name: string }>;
  tpqiCodes: Array<{ code: string; name: string }>;
  imports: OfficialImportListed[];
  preview?: {
    countsLine: string;
    encodingNote?: string;
    /** Nothing is written while a row has an error, nor when nothing would change. */
    canConfirm: boolean;
    nothingToDo: boolean;
    rows: OfficialImportRow[];
    confirm: { text: string; sha256: string; token: string; expectedAdd: number; expectedReplace: number };
  };
}

/** The compact table of official results beside the tool's own self-assessment (progress, learner record). */
export interface OfficialResultsTable {
  /** When the tool's own self-assessment was last taken, as a sentence. */
  ownLine: string;
  rows: Array<{ kind: string; code: string; level: number; dateText: string; number?: string }>;
}

const day = (l: Locale, iso: string) => formatDate(l, new Date(`${iso}T12:00:00+07:00`));

/** Official results as the compact table shows them: kind, code, level, date (Buddhist era in Thai), number. */
export function officialResultsTable(
  l: Locale,
  official: readonly OfficialResultView[],
  lastSelfAssessment: string | undefined,
): OfficialResultsTable {
  return {
    ownLine: lastSelfAssessment
      ? t(l, 'official.ownSelfAssessment', { date: day(l, lastSelfAssessment) })
      : t(l, 'official.ownSelfAssessment.never'),
    rows: official.map((r) => ({
      kind: t(l, `official.kind.${r.kind}`),
      code: r.code,
      level: r.level,
      dateText: day(l, r.awardedOn),
      number: r.certificateNumber,
    })),
  };
}
