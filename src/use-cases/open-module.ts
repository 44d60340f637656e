import {
  moduleLanguages,
  videoEmbed,
  type ContentLanguage,
  type ModuleContent,
  type VideoEmbed,
} from '../domain/catalogue/learning-module';
import { allPagesViewed } from '../domain/catalogue/module-progress';
import type { DrawnQuizSettings } from '../domain/evaluation/quiz-draw';
import type { GradeTarget } from './complete-module';
import type { UseCaseDeps } from './deps';
import type { CompletionRecord, Learner, ModuleProgressState, ModuleSummary } from './ports';

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
  o: { readDrawn: boolean } = { readDrawn: true },
) {
  // The drawn quiz's settings are read beside the module (by its slug), not after it: no added wait. A page of the
  // module does not need them; the overview and the quiz do.
  const [found, drawn] = await Promise.all([
    deps.modules.getPublished(learner.tenantId, slug),
    o.readDrawn ? deps.bank.drawSettings(learner.tenantId, slug) : undefined,
  ]);
  if (!found) return undefined;
  const moduleId = found.summary.moduleId;
  const [state, completion] = await Promise.all([
    deps.player.progress(learner, found.summary.versionId),
    grade
      ? deps.player.completionAt(learner, moduleId, grade).then((c) => {
          if (c.gradesQueued > 0) deps.grades.kick();
          return c.record;
        })
      : deps.player.completionOf(learner, moduleId),
  ]);
  return {
    ...found,
    ...withState(found.content, state),
    completion,
    ...(drawn ? { drawn } : {}),
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
