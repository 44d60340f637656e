/** The landing page (views/pages/landing.hbs), rendered by src/http/routes/landing.ts. */
export interface LandingPage {
  title: string;
  person: { name?: string };
  roleLabel: string;
  canAuthor: boolean;
  isAdmin: boolean;
  course?: string;
  link?: string;
  platform?: string;
  today: Date;
  intro: string;
  next: string;
}
