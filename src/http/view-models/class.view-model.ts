import type { AreaHoursGroup } from './area-hours.view-model';
import type { PagerView } from '../pager';
import type { MissingItemView } from './eligibility.view-model';
import type { ClassChartsView } from './class-charts.view-model';

/** The class page (views/pages/class.hbs), rendered by src/http/routes/class.routes.ts. */
export interface ClassPage {
  title: string;
  course?: string;
  rosterFailed: boolean;
  rosterCut?: string;
  noRoster: boolean;
  count: number;
  shownCount: number;
  eligibleCount: number;
  filter: { q: string };
  groups: { code: string; name: string; selected: boolean }[];
  statuses: { value: 'eligible' | 'not-yet' | 'never-launched'; name: string; selected: boolean }[];
  assessments: { code: string; name: string; selected: boolean }[];
  csvHref: string;
  eligibleCsvHref: string;
  pager?: PagerView;
  rows: {
    name: string;
    email?: string;
    launched: boolean;
    group: string;
    hours: number;
    mix: string;
    selfAssessment?: string;
    eligible?: boolean;
    since?: string;
    missing: MissingItemView[];
    recordHref?: string;
  }[];
  /** Whether a row shown gives a DG-SA result as its last self-assessment (the page then says what marks it). */
  dgSaShown: boolean;
  fixes: { id: string; href: string; label: string }[];
  /** The whole class as charts, each with its table; absent when the class has nobody in it. */
  charts?: ClassChartsView;
  /** The class's hours per Digital Literacy area, behind a disclosure (views/partials/area-hours.hbs). */
  areaGroups: AreaHoursGroup[];
}
