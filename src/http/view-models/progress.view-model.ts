import type { EvidenceLink } from './evidence.view-model';
import type { AreaHoursGroup } from './area-hours.view-model';
import type { LearningCategory } from '../../domain/catalogue/learning-module';
import type { FormErrors } from '../form-errors';
import type { PlanStatus } from '../../domain/development/plan';
import type { PagerView } from '../pager';
import type { MissingItemView } from './eligibility.view-model';
import type { OfficialResultsTable } from './official-import.view-model';
import type { TranslationKey } from '../../i18n/i18n';
import type { MixChartView } from './mix-chart.view-model';
import type { CertificateLinkView } from './certificates.view-model';
import type { SplitChartView } from './split-chart.view-model';

/** The progress page (views/pages/progress.hbs), rendered by src/http/routes/learning-record.routes.ts. */
export interface ProgressPage {
  title: string;
  /** The person's certificates, with their PDFs (certificate-list partial). */
  certificates?: CertificateLinkView[];
  saved: boolean;
  /** A second group was just asked for. */
  asked: boolean;
  errors: FormErrors;
  plan?: {
    year: number;
    href: string;
    status?: string;
    statusCode?: PlanStatus;
    lines: { name: string; text: string; percent?: number; max: number; actual: number }[];
  };
  target: {
    group?: string;
    stage?: string;
    groupName?: string;
    stageName?: string;
    setByInstructor: boolean;
    role?: string;
    chooseGroup: boolean;
    chooseStage: boolean;
    groups: { code: string; name: string; selected: boolean }[];
    stages: { code: string; name: string; selected: boolean }[];
    isDefault: boolean;
    /** The target disclosure stands open (no target yet, problems, just saved or asked, a second group pending). */
    open: boolean;
    /** The organisation's stage this fiscal year and its target, in one line. */
    stageLine: string;
    /** The organisation announced a stage: the learner chooses no stage of their own. */
    chooseOwnStage: boolean;
    /** Whether the group is agreed or only proposed. */
    state?: { code: 'proposed' | 'agreed'; label: string };
    second?: { name: string; code: 'pending' | 'approved' | 'refused'; label: string; reason?: string };
    /** The request form for a second group (the groups other than the first). */
    secondForm?: { groups: { code: string; name: string; selected: boolean }[]; open: boolean };
  };
  eligibility: {
    code: string;
    name: string;
    description: string;
    eligible: boolean;
    missing: MissingItemView[];
    firstEligible?: string;
  }[];
  eligibilityDefaults: boolean;
  /** Official results (DG-SA, TPQI) beside the tool's own self-assessment, in the eligibility card. */
  official: OfficialResultsTable;
  totalHours: number;
  pendingCount: number;
  skillSets: {
    code: string;
    name: string;
    credited: number;
    target?: number;
    max: number;
    percent?: number;
    met: boolean;
  }[];
  /** Hours per area of each skill set that has areas (Digital Literacy's nine), behind a disclosure. */
  areaGroups: AreaHoursGroup[];
  chart: MixChartView;
  /** 70:30: what the hours serve. */
  split: SplitChartView;
  /** How many entries the record has; the history is a page of its own (record-history), one link away. */
  historyCount: number;
}

/** The record history (views/pages/record-history.hbs), rendered by src/http/routes/learning-record.routes.ts. */
export interface RecordHistoryPage {
  title: string;
  logged: boolean;
  /** After an entry's horizon was restated (or found already so). */
  restateNotice?: string;
  /** After a file was attached to or removed from an entry. */
  evidenceNotice?: string;
  /** The history's year and page, which a restatement returns to. */
  historyReturn: { fy?: number; page?: number };
  fiscalYears: { value: number; selected: boolean }[];
  fiscalYear?: number;
  historyCount: number;
  pager?: PagerView;
  history: {
    comment?: string;
    reason?: string;
    reasonKey?: TranslationKey;
    dateText: string;
    fiscalYear: number;
    title: string;
    kind: string;
    category: LearningCategory;
    hours: number;
    status: string;
    statusLabel: string;
    corrected: boolean;
    /** The entry's evidence files; `canChange`: one's own entry waiting for review (files added or removed). */
    evidence: EvidenceLink[];
    canChangeEvidence: boolean;
    /** Whether another file fits (fewer than the most an entry holds). */
    evidenceRoom: boolean;
    /** A rejected activity: the log form, starting from its values, to log it again. */
    logAgainHref?: string;
    entryId: number;
    /** What it serves (70:30), "not stated" when it does not say. */
    horizon: string;
    /** The form that restates it, on entries that can count (`unstated`: no answer chosen yet). */
    restate?: {
      unstated: boolean;
      options: { value: 'current' | 'future'; label: string; selected: boolean }[];
    };
    /** Training's lecture share, flagged over 60 %. */
    lecture?: string;
    lectureHeavy?: boolean;
  }[];
}
