import type { EvidenceLink } from './evidence.view-model';
import type { FormErrors } from '../form-errors';

/** The approvals page (views/pages/approvals.hbs), rendered by src/http/routes/course.routes.ts. */
export interface ApprovalsPage {
  title: string;
  course?: string;
  notice?: string;
  errors: FormErrors;
  comment: string;
  decidable: boolean;
  items: {
    id: number;
    own: boolean;
    checked: boolean;
    person: string;
    type: string;
    title: string;
    dateText: string;
    category: 70 | 20 | 10;
    hours: number;
    skillSets: string;
    reflection?: string;
    evidenceUrl?: string;
    evidence: EvidenceLink[];
    flags: { code: 'DUPLICATE' | 'HOURS_ABOVE_USUAL' | 'HOURS_ABOVE_DAY' | 'LECTURE_HEAVY'; text: string }[];
  }[];
}
