import type { PagerView } from '../pager';

interface Choice {
  value: string;
  label: string;
  selected: boolean;
}

/** A question's statistics as shown: attempts, share right and discrimination (a dash where there is none). */
export interface QuestionStatsView {
  attempts: number;
  percentCorrect: string;
  discrimination: string;
  /** Below 0.2: separates strong learners from weak ones poorly. */
  weak: boolean;
}

/** The question bank (views/pages/question-bank.hbs), rendered by src/http/routes/question-bank.routes.ts. */
export interface QuestionBankPage {
  title: string;
  done?: string;
  skillSets: Choice[];
  areas: Choice[];
  difficulties: Choice[];
  statuses: Choice[];
  count: number;
  rows: {
    questionId: number;
    prompt: string;
    skillSet: string;
    area?: string;
    difficulty: string;
    kind: string;
    version: number;
    updated: string;
    stats: QuestionStatsView;
    editHref?: string;
    retireAction?: string;
  }[];
  pager?: PagerView;
}
