import {
  moduleLanguages,
  videoEmbed,
  type ContentLanguage,
  type ModuleContent,
  type VideoEmbed,
} from '../domain/catalogue/learning-module';
import { allPagesViewed } from '../domain/catalogue/module-progress';
import { quizAccess, type DrawnQuizSettings, type QuizAccess } from '../domain/evaluation/quiz-draw';
import type { GradeTarget } from './complete-module';
import type { UseCaseDeps } from './deps';
import type { CompletionRecord, Learner, ModuleProgressState, ModuleSummary } from './ports';
import type { DrawnAttempt } from './ports/question-bank';

export interface ModuleView {
  summary: ModuleSummary;
  content: ModuleContent;
  state: ModuleProgressState;
  completion?: CompletionRecord;
  /** True when this very request completed the module. */
  justCompleted: boolean;
  /** Every page of the module viewed (in `state`). */
  allViewed: boolean;
  /** The languages the module is written in (a module in one shows that one's text whatever the page's). */
  languages: ContentLanguage[];
  /** The quiz drawn from the question bank, when the module's quiz is not its own questions. */
  drawn?: DrawnQuizSettings;
  /** Its videos that can be embedded (YouTube, Vimeo, MP4), in order; any other link is left out. */
  embeds: Array<{ title: ModuleContent['videos'][number]['title']; embed: VideoEmbed }>;
}

/**
 * The module and where the learner stands in it. Opened through a placement, the completion is read by a statement
 * that also queues the learner's grade for that placement if it lacks it (completed in another course, or before
 * the placement existed): no extra round trip, and the grade goes out at once.
 */
export async function loadModule(
  deps: Pick<UseCaseDeps, 'modules' | 'player' | 'grades' | 'bank'>,
  learner: Learner,
  slug: string,
  grade: GradeTarget,
  o: { readDrawn: boolean; readAttempts?: boolean } = { readDrawn: true },
) {
  // The drawn quiz's settings are read beside the module (by its slug), not after it: no added wait. A page of the
  // module does not need them; the overview and the quiz do.
  const [found, drawn] = await Promise.all([
    deps.modules.getPublished(learner.tenantId, slug),
    o.readDrawn ? deps.bank.drawSettings(learner.tenantId, slug) : undefined,
  ]);
  if (!found) return undefined;
  const moduleId = found.summary.moduleId;
  const [state, completion, attempts] = await Promise.all([
    deps.player.progress(learner, found.summary.versionId),
    grade
      ? deps.player.completionAt(learner, moduleId, grade).then((c) => {
          if (c.gradesQueued > 0) deps.grades.kick();
          return c.record;
        })
      : deps.player.completionOf(learner, moduleId),
    // The learner's attempts at a drawn quiz, beside the progress: whether the quiz can be taken now.
    o.readAttempts && drawn ? deps.bank.attempts(learner, moduleId) : undefined,
  ]);
  return {
    ...found,
    ...withState(found.content, state),
    completion,
    ...(drawn ? { drawn } : {}),
    ...(attempts ? { attempts } : {}),
    languages: moduleLanguages(found.content),
    embeds: found.content.videos.flatMap((v) => {
      const embed = videoEmbed(v.url);
      return embed ? [{ title: v.title, embed }] : [];
    }),
  };
}

/**
 * The module as the learner stands in it (newest published version). `grade`: the placement it was opened
 * through, which gets the learner's grade if they completed the module and it does not hold it yet.
 */
export async function openModule(
  deps: Pick<UseCaseDeps, 'modules' | 'player' | 'grades' | 'bank'>,
  learner: Learner,
  slug: string,
  grade?: GradeTarget,
): Promise<ModuleView | undefined> {
  const m = await loadModule(deps, learner, slug, grade);
  return m && { ...m, justCompleted: false };
}

/** Where a learner stands with a module's drawn quiz (the post-test). */
export interface QuizStanding {
  access: QuizAccess;
  /** Their latest submitted attempt, whose result they can read again. */
  lastResultId?: number;
}

/** The post-tests of a learner's attempts: what the quiz's access is judged on, and its latest result. */
export function quizStanding(
  drawn: Pick<DrawnQuizSettings, 'attemptLimit' | 'waitMinutes'>,
  attempts: readonly DrawnAttempt[],
  now: Date,
): QuizStanding {
  const posts = attempts.filter((a) => a.kind === 'post');
  const last = posts.filter((a) => a.submittedAt !== undefined).at(-1);
  return { access: quizAccess(drawn, posts, now), ...(last ? { lastResultId: last.id } : {}) };
}

/**
 * The module as a learner opens it (its overview): openModule, and for a quiz drawn from the bank where they
 * stand with it (may start or go on, must wait until when, or has used every attempt), read beside the progress.
 */
export async function openModuleAsLearner(
  deps: Pick<UseCaseDeps, 'modules' | 'player' | 'grades' | 'bank' | 'now'>,
  learner: Learner,
  slug: string,
  grade?: GradeTarget,
): Promise<(ModuleView & { quiz?: QuizStanding }) | undefined> {
  const m = await loadModule(deps, learner, slug, grade, { readDrawn: true, readAttempts: true });
  if (!m) return undefined;
  const { attempts, ...view } = m;
  return {
    ...view,
    justCompleted: false,
    ...(m.drawn && attempts ? { quiz: quizStanding(m.drawn, attempts, deps.now()) } : {}),
  };
}

/** Where the learner now stands in a module, and whether that has every page viewed. */
export function withState(
  content: Pick<ModuleContent, 'pages'>,
  state: ModuleProgressState,
): { state: ModuleProgressState; allViewed: boolean } {
  return {
    state,
    allViewed: allPagesViewed({ pageCount: content.pages.length, pagesViewed: state.pagesViewed }),
  };
}
