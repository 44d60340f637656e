import type { AgencyReportView } from './agency-report.view-model';

/** The committee's snapshots (views/pages/report-snapshots.hbs), rendered by src/http/routes/report-snapshots.routes.ts. */
export interface ReportSnapshotsPage {
  title: string;
  snapshots: {
    href: string;
    /** Compared with the snapshot taken before it, when there is one. */
    compareHref?: string;
    title: string;
    asOf: string;
    fiscalYear: number;
    taken: string;
    by: string;
  }[];
  /** The compare form's two lists (the two newest chosen). */
  first: { value: number; label: string; selected: boolean }[];
  second: { value: number; label: string; selected: boolean }[];
  canCompare: boolean;
}

/** One snapshot, printable (views/pages/report-snapshot.hbs), rendered by src/http/routes/report-snapshots.routes.ts. */
export interface ReportSnapshotPage {
  title: string;
  heading: string;
  asOf: string;
  fiscalYear: number;
  taken: string;
  by: string;
  framework: string;
  csvHref: string;
  groups: GroupRow[];
  total: GroupRow;
  groupNames: string[];
  skillSets: { name: string; learners: number; hours: number; byGroup: number[] }[];
  eligibility: { name: string; during: number; byEnd: number }[];
  /** Which target group learners are counted in. */
  groupsNote: string;
  /** The 70:30 and lecture-share figures; absent in a snapshot taken before snapshots kept them. */
  agency?: AgencyReportView;
}

interface GroupRow {
  name: string;
  headcount: number;
  active: number;
  hours: number;
  h70: number;
  h20: number;
  h10: number;
  mix: string;
}

/** An earlier figure, the later one, and the change as text with its sign ("+3 (up 3)"). */
interface ChangeCells {
  before: number;
  after: number;
  change: string;
}

/** Two snapshots compared (views/pages/report-compare.hbs), rendered by src/http/routes/report-snapshots.routes.ts. */
export interface ReportComparePage {
  title: string;
  intro: string;
  earlierHref: string;
  laterHref: string;
  groups: { name: string; active: ChangeCells; hours: ChangeCells }[];
  skillSets: { name: string; group: string; hours: ChangeCells; isTotal: boolean }[];
  eligibility: { name: string; byEnd: ChangeCells }[];
  /** Hours for current and future work per group, then the total; absent when either snapshot lacks them. */
  seventyThirty?: { name: string; current: ChangeCells; future: ChangeCells }[];
}
