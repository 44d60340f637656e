/** The error page (views/pages/error.hbs), rendered by src/http/pages.ts. */
export interface ErrorPage {
  title: string;
  heading: string;
  message: string;
  hint?: string;
}
