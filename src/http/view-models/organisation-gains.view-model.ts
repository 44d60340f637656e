/** Pre/post per module over a fiscal year (views/pages/organisation-gains.hbs), from organisation-gains.routes.ts. */
export interface OrganisationGainsPage {
  title: string;
  fiscalYear: number;
  previousHref: string;
  nextHref: string;
  modules: { title: string; learners: number; pre: number; post: number; gain: string }[];
}
