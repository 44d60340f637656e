import type { SafeHtml } from '../markdown';

/** The module-page page (views/pages/module-page.hbs), rendered by src/http/routes/module-player.routes.ts. */
export interface ModulePagePage {
  title: string;
  isLearner: boolean;
  module: { title: string; href: string };
  page: { number: number; count: number; title: string; html: SafeHtml };
  prevHref?: string;
  nextHref?: string;
  quizHref?: string;
  doneHref?: string;
  allViewed: boolean;
  completion?: { date: string; score?: number; just: boolean };
}
