/** The matrix page (views/pages/matrix.hbs), rendered by src/http/routes/catalogue.routes.ts. */
export interface MatrixPage {
  title: string;
  framework: string;
  groups: { code: string; name: string; selected: boolean }[];
  group?: string;
  targetsAreDefaults: boolean;
  gaps: string[];
  noGaps: boolean;
  columns: { code: string; name: string; inGroup: boolean; gap: boolean; modules: number; hours: number }[];
  rows: {
    slug: string;
    title: string;
    isDraft: boolean;
    status: string;
    cells: { hours?: number; gap: boolean }[];
  }[];
}
