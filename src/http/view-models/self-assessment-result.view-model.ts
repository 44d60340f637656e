/** The self-assessment-result page (views/pages/self-assessment-result.hbs), rendered by src/http/routes/development.routes.ts. */
export interface SelfAssessmentResultPage {
  title: string;
  name: string;
  organisation?: string;
  group: string;
  stage: string;
  dateText: string;
  framework: string;
  rows: {
    name: string;
    rating: string;
    /** The short descriptor of the level rated, for the printed page. */
    ratingMeans?: string;
    target: string;
    gap: number;
    met: boolean;
    recommended: { title: string; href: string }[];
  }[];
  gapCount: number;
}
