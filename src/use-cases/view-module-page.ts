import { completeModule, type CompleteModuleDeps, type GradeTarget } from './complete-module';
import type { UseCaseDeps } from './deps';
import { loadModule, quizStanding, withState, type ModuleView, type QuizStanding } from './open-module';
import type { Learner } from './ports';

/**
 * The learner opens a page (zero-based): it counts as viewed and becomes their place in the module; the last
 * page to view may complete it. The last page offers the quiz, so only it reads a drawn quiz's settings and where
 * the learner stands with it (`quiz`): a quiz they must wait for, or have used every attempt at, is not offered.
 */
export async function viewModulePage(
  deps: CompleteModuleDeps & Pick<UseCaseDeps, 'modules' | 'bank' | 'now'>,
  learner: Learner,
  slug: string,
  page: number,
  grade: GradeTarget,
): Promise<(ModuleView & { quiz?: QuizStanding }) | 'not-found' | 'no-such-page'> {
  const m = await loadModule(deps, learner, slug, grade, { readDrawn: false });
  if (!m) return 'not-found';
  if (!Number.isInteger(page) || page < 0 || page >= m.content.pages.length) return 'no-such-page';
  const isLast = page === m.content.pages.length - 1;
  const [state, drawn] = await Promise.all([
    deps.player.viewPage(learner, m.summary.versionId, page),
    isLast ? deps.bank.drawSettings(learner.tenantId, slug) : undefined,
  ]);
  const attempts = drawn ? await deps.bank.attempts(learner, m.summary.moduleId) : undefined;
  return {
    ...m,
    ...withState(m.content, state),
    ...(drawn ? { drawn } : {}),
    ...(drawn && attempts ? { quiz: quizStanding(drawn, attempts, deps.now()) } : {}),
    ...(await completeModule(deps, learner, m, state, m.completion, grade)),
  };
}
