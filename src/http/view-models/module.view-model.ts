import type { LearningCategory } from '../../domain/catalogue/learning-module';

/** The module page (views/pages/module.hbs), rendered by src/http/routes/module-player.routes.ts. */
export interface ModulePage {
  title: string;
  isLearner: boolean;
  noGradebook: boolean;
  languageNote?: string;
  module: {
    slug: string;
    title: string;
    summary: string;
    category: LearningCategory;
    hours: number;
    version: number;
    pages: { title: string; href: string; viewed: boolean }[];
    questions: number;
    passPercent?: number;
    rule: string;
    mappings: { name: string; area?: string; hours: number }[];
    videos: (
      | { isMp4: boolean; kind: 'youtube' | 'vimeo'; embedUrl: string; title: string }
      | { isMp4: boolean; kind: 'mp4'; src: string; title: string }
    )[];
    attachments: { title: string; url: string }[];
  };
  progress: { viewed: number; total: number; best?: number };
  continueHref?: string;
  started: boolean;
  /** Absent for a learner who must wait or has used every attempt at a drawn quiz (quizStanding says so). */
  quizHref?: string;
  /** A learner's standing with a drawn quiz: attempts left, when the next opens, or none left and whom to ask. */
  quizStanding?: { lines: string[]; closed: boolean };
  /** The learner's latest submitted attempt at a drawn quiz. */
  lastResultHref?: string;
  /** The pre-test, before the first attempt at a quiz drawn from the bank. */
  preTestHref?: string;
  /** For instructors: the course's learners' pre-test, post-test and gain. */
  gains?: {
    learners: { name: string; pre: number; post: string; gain: string }[];
    summary?: { learners: number; pre: number; post: number; gain: string };
  };
  completion?: { date: string; score?: number; just: boolean };
}
