/** The error page (views/pages/error.hbs), rendered by src/http/pages.ts. */
export interface ErrorPage {
  title: string;
  heading: string;
  message: string;
  hint?: string;
  /** Inside a session: where the page leads back to besides home, when the route knows (a refused quiz: its module). */
  back?: { href: string; label: string };
  /** A page outside the session it points to (a public page: no ltik on it). */
  link?: { href: string; label: string };
}
