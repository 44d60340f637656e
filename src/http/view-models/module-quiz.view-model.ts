/** The module-quiz page (views/pages/module-quiz.hbs), rendered by src/http/routes/module-player.routes.ts. */
export interface ModuleQuizPage {
  title: string;
  /** The h1 when it is not the quiz's own (a pre-test). */
  heading?: string;
  isLearner: boolean;
  /** An attempt at a drawn quiz: its id goes back with the answers. */
  attemptId?: number;
  intro?: string;
  attemptInfo?: string;
  /** A submitted pre-test: its score and what next. */
  preDone?: string;
  /** A submitted attempt at a drawn quiz: the way to the next (which draws anew), when one can start now. */
  againHref?: string;
  /** A submitted attempt at a drawn quiz: what holds for the next (attempts left, when it opens, none left). */
  standing?: string[];
  /** No attempt can start now: a failed result does not invite one. */
  noRetry?: boolean;
  /** A preview of a drawn quiz: a sample draw with nothing to submit. */
  noSubmit?: boolean;
  module: { title: string; href: string };
  action: string;
  passPercent?: number;
  best?: number;
  questions: {
    name: string;
    number: number;
    prompt: string;
    multiple: boolean;
    correct?: boolean;
    answered: boolean;
    options: {
      value: number;
      id: string;
      text: string;
      chosen: boolean;
      feedback?: string;
      isCorrect?: boolean;
    }[];
  }[];
  completion?: { date: string; score?: number; just: boolean };
  result?: { percent: number; correct: number; total: number; passed?: boolean };
}
