import type { OrganisationChartsView } from './organisation-charts.view-model';
import type { AgencyReportView } from './agency-report.view-model';
import type { FormErrors } from '../form-errors';

/** The organisation page (views/pages/organisation.hbs), rendered by src/http/routes/organisation.routes.ts. */
export interface OrganisationPage {
  title: string;
  framework: string;
  fiscalYear: number;
  years: { value: number; selected: boolean }[];
  csvHref: string;
  /** A refused "as of" day. */
  errors: FormErrors;
  /** The day the figures stand at: as typed (the field), ISO (the snapshot form), and as sentences. */
  asOf: {
    text: string;
    iso: string;
    dateText: string;
    hint: string;
    heading: string;
    note: string;
    isToday: boolean;
    /** For a past day: which target group learners are counted in. */
    groupsNote?: string;
  };
  snapshotTitleHint: string;
  empty: boolean;
  groups: {
    name: string;
    headcount: number;
    active: number;
    hours: number;
    h70: number;
    h20: number;
    h10: number;
    mix: string;
  }[];
  total: {
    name: string;
    headcount: number;
    active: number;
    hours: number;
    h70: number;
    h20: number;
    h10: number;
    mix: string;
  };
  groupNames: string[];
  skillSets: {
    name: string;
    learners: number;
    hours: number;
    h70: number;
    h20: number;
    h10: number;
    byGroup: number[];
  }[];
  eligibility: { name: string; during: number; byEnd: number; byGroup: number[] }[];
  /** The report as charts; the tables above are their text equivalents. */
  charts: OrganisationChartsView;
  /**
   * 70:30 and lecture-heavy training per target group (issue #18 items 8 and 9); absent for a report "as of" a
   * past day (the rollup keeps them for today's record only).
   */
  agency: AgencyReportView;
}
