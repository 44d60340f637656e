import type { FormErrors } from '../form-errors';

/** One row of an import's preview, as the table shows it. */
export interface TargetImportRow {
  line: number;
  user: string;
  /** The person the row names, when found. */
  person?: string;
  group: string;
  second?: string;
  outcome: 'set' | 'unchanged' | 'error';
  outcomeLabel: string;
  /** What is wrong with the row, naming its line. */
  message?: string;
}

/** The target-group import page (views/pages/target-import.hbs), rendered by routes/target-import.routes.ts. */
export interface TargetImportPage {
  title: string;
  errors: FormErrors;
  /** The pasted text, shown again with its problems. */
  csv: string;
  done?: string;
  /** The organisation's group codes, for the file's columns. */
  groups: Array<{ code: string; name: string }>;
  preview?: {
    countsLine: string;
    /** Said when the file was read as Windows-874 (Excel's Thai CSV). */
    encodingNote?: string;
    /** Nothing is written while a row has an error. */
    canConfirm: boolean;
    rows: TargetImportRow[];
    confirm: { text: string; sha256: string; token: string; expectedSet: number };
  };
}
