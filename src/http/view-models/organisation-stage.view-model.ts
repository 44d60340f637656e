import type { FieldMessage, FormErrors } from '../form-errors';

interface Choice {
  value: string;
  label: string;
  selected: boolean;
}

/** The organisation stage page (views/pages/organisation-stage.hbs), rendered by routes/organisation-stage.routes.ts. */
export interface OrganisationStagePage {
  title: string;
  /** What was just saved or decided. */
  done?: string;
  errors: FormErrors;
  /** The one line people see: the stage in force this fiscal year and the target. */
  stageLine: string;
  /** Where the organisation stands against its target. */
  statusLine?: string;
  /** The roadmap's suggestion for this fiscal year (a hint). */
  suggestion?: string;
  announce: { years: Choice[]; stages: Choice[]; chooseStage: boolean };
  target: { stages: Choice[]; years: Choice[]; chooseStage: boolean; chooseYear: boolean };
  history: Array<{ fiscalYear: number; stage: string; setAt: Date; setBy?: string; inForce: boolean }>;
  pending: Array<{
    personId: number;
    name: string;
    first?: string;
    group: string;
    groupCode: string;
    requestedAt: Date;
    reason: string;
    reasonError?: FieldMessage;
  }>;
}
