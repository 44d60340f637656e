/** The need analysis page (views/pages/need-analysis.hbs), rendered by src/http/routes/need-analysis.routes.ts. */
export interface NeedAnalysisPage {
  title: string;
  intro: string;
  /** How many people's levels came from an imported DG-SA result, when any did. */
  fromDgSa?: string;
  /** How many have a DG-SA result that cannot be read against a target, when any have. */
  dgSaWithoutTarget?: string;
  fiscalYear: number;
  years: { value: number; selected: boolean }[];
  csvHref: string;
  empty: boolean;
  rows: {
    group: string;
    skillSet: string;
    assessed: number;
    below: number;
    share: number;
    levelsShort: number;
    averageGap: string;
    byGap: string;
  }[];
}
