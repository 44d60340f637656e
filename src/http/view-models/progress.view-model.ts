import type { LearningCategory } from '../../domain/catalogue/learning-module';
import type { FormErrors } from '../form-errors';
import type { PlanStatus } from '../../domain/development/plan';
import type { PagerView } from '../pager';
import type { MissingItemView } from './eligibility.view-model';
import type { TranslationKey } from '../../i18n/i18n';
import type { MixChartView } from './mix-chart.view-model';
import type { SplitChartView } from './split-chart.view-model';

/** The progress page (views/pages/progress.hbs), rendered by src/http/routes/learning-record.routes.ts. */
export interface ProgressPage {
  title: string;
  saved: boolean;
  errors: FormErrors;
  logged: boolean;
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
    /** The target disclosure stands open (no target yet, problems, just saved). */
    open: boolean;
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
  chart: MixChartView;
  /** 70:30: what the hours serve. */
  split: SplitChartView;
  fiscalYears: { value: number; selected: boolean }[];
  fiscalYear?: number;
  historyCount: number;
  /** The history's disclosure stands open. */
  historyOpen: boolean;
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
    /** What it serves (70:30), "not stated" when it does not say. */
    horizon: string;
    /** Training's lecture share, flagged over 60 %. */
    lecture?: string;
    lectureHeavy?: boolean;
  }[];
}
