import { completeModule, type CompleteModuleDeps, type GradeTarget } from './complete-module';
import type { UseCaseDeps } from './deps';
import { loadModule, withState, type ModuleView } from './open-module';
import type { Learner } from './ports';

/**
 * The learner opens a page (zero-based): it counts as viewed and becomes their place in the module; the last
 * page to view may complete it.
 */
export async function viewModulePage(
  deps: CompleteModuleDeps & Pick<UseCaseDeps, 'modules' | 'bank'>,
  learner: Learner,
  slug: string,
  page: number,
  grade: GradeTarget,
): Promise<ModuleView | 'not-found' | 'no-such-page'> {
  // A page does not show the quiz's settings: they are not read.
  const m = await loadModule(deps, learner, slug, grade, { readDrawn: false });
  if (!m) return 'not-found';
  if (!Number.isInteger(page) || page < 0 || page >= m.content.pages.length) return 'no-such-page';
  const state = await deps.player.viewPage(learner, m.summary.versionId, page);
  return {
    ...m,
    ...withState(m.content, state),
    ...(await completeModule(deps, learner, m, state, m.completion, grade)),
  };
}
