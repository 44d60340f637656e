/** The matrix page (views/pages/matrix.hbs), rendered by src/http/routes/catalogue.routes.ts. */
export interface MatrixPage {
  title: string;
  framework: string;
  groups: { code: string; name: string; selected: boolean }[];
  group?: string;
  targetsAreDefaults: boolean;
  gaps: string[];
  noGaps: boolean;
  columns: {
    code: string;
    name: string;
    inGroup: boolean;
    gap: boolean;
    modules: number;
    hours: number;
    /** What the skill set stands for in the frameworks a crosswalk joins to this one. */
    counterparts: { code: string; name: string; framework: string; towards: string }[];
  }[];
  /** The frameworks a crosswalk joins to this one (empty: none), named by the second header row. */
  crosswalk: string;
  rows: {
    slug: string;
    title: string;
    isDraft: boolean;
    status: string;
    cells: { hours?: number; gap: boolean }[];
  }[];
}
