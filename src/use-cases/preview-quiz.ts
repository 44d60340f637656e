import { scoreQuiz, type QuizAnswers, type QuizResult } from '../domain/catalogue/module-progress';
import type { UseCaseDeps } from './deps';
import { openModule, type ModuleView } from './open-module';
import type { Learner } from './ports';

/**
 * An instructor or administrator tries a module's quiz: the answers are scored as a learner's would be, and
 * nothing is recorded.
 */
export async function previewQuiz(
  deps: Pick<UseCaseDeps, 'modules' | 'player' | 'grades' | 'bank'>,
  viewer: Learner,
  slug: string,
  answers: QuizAnswers,
): Promise<(ModuleView & { result: QuizResult }) | 'not-found'> {
  const view = await openModule(deps, viewer, slug);
  if (!view) return 'not-found';
  return { ...view, result: scoreQuiz(view.content.quiz?.questions ?? [], answers) };
}
