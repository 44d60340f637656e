/** The module-quiz page (views/pages/module-quiz.hbs), rendered by src/http/routes/module-player.routes.ts. */
export interface ModuleQuizPage {
  title: string;
  isLearner: boolean;
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
