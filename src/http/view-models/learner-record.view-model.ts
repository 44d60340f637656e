import type { OfficialResultsTable } from './official-import.view-model';
import type { EvidenceLink } from './evidence.view-model';
import type { FieldMessage, FormErrors } from '../form-errors';
import type { LearningCategory } from '../../domain/catalogue/learning-module';
import type { TranslationKey } from '../../i18n/i18n';
import type { CertificateLinkView } from './certificates.view-model';
import type { PagerView } from '../pager';

/** The learner-record page (views/pages/learner-record.hbs), rendered by src/http/routes/course.routes.ts. */
export interface LearnerRecordPage {
  title: string;
  /** The learner's certificates, with their PDFs (certificate-list partial). */
  certificates?: CertificateLinkView[];
  name: string;
  saved: boolean;
  own: boolean;
  /** Pre-test, first post-test and normalised gain per module (a dash where the gain is undefined). */
  gains: { module: string; pre: number; post: string; gain: string }[];
  /** Official results (DG-SA, TPQI) beside the tool's own self-assessment. */
  official: OfficialResultsTable;
  errors: FormErrors;
  /** First on the page: what an instructor scans a learner for (issue #17's 2,000 px budget). */
  summary: {
    hours: number;
    pendingCount: number;
    /** "70: 60 % · 20: 25 % · 10: 15 %" */
    mixText: string;
    eligibility: { code: string; name: string; eligible: boolean; firstEligible?: string }[];
  };
  /** "12 entries, newest first" */
  countText: string;
  /** Older and newer pages of entries, twenty a page. */
  pager?: PagerView;
  entries: {
    /** ISO date (data-on), for ordering checks. */
    occurredOn: string;
    canCorrect: boolean;
    open: boolean;
    toggleLabel: string;
    errors: Record<string, FieldMessage>;
    values: Record<string, string>;
    categories: { value: '70' | '20' | '10'; selected: boolean }[];
    horizons: { value: '' | 'current' | 'future'; label: string; selected: boolean }[];
    /** What the entry serves (70:30), "not stated" when it does not say. */
    horizonText: string;
    /** Training's lecture share, flagged over 60 %. */
    lectureText?: string;
    lectureHeavy?: boolean;
    comment?: string;
    reason?: string;
    reasonKey?: TranslationKey;
    id: number;
    action: string;
    title: string;
    dateText: string;
    category: LearningCategory;
    hours: number;
    status: string;
    statusLabel: string;
    corrected: boolean;
    /** The entry's evidence files (download links). */
    evidence: EvidenceLink[];
  }[];
}
