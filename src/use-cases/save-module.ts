import type { TenantId } from '../shared/ids';
import {
  checkModule,
  mappingTargets,
  type ModuleContent,
  type ModuleProblem,
} from '../domain/catalogue/learning-module';
import type { UseCaseDeps } from './deps';
import type { StoredFramework } from './ports';

/** What keeps a module from being saved (as a draft) or published, against the organisation's framework. */
export function moduleProblems(
  framework: StoredFramework,
  content: ModuleContent,
  publish: boolean,
): ModuleProblem[] {
  return checkModule(content, mappingTargets(framework.framework), { forPublishing: publish });
}

/**
 * A content manager saves a module as a draft or publishes it: a new module with a free slug derived from
 * `slugBase`, or a new version of `slug` (`notFound` when the organisation has no such module). Nothing is saved
 * while the module has problems.
 */
export async function saveModule(
  deps: Pick<UseCaseDeps, 'modules' | 'bank'>,
  input: {
    tenantId: TenantId;
    framework: StoredFramework;
    slug?: string;
    slugBase: string;
    content: ModuleContent;
    publish: boolean;
    /** Follow up N weeks after a completion (0: none); kept as it is when absent. */
    followUpWeeks?: number;
  },
): Promise<
  { slug: string; version: number; unchanged?: boolean } | { problems: ModuleProblem[] } | 'notFound'
> {
  // A module whose quiz is drawn from the question bank needs no questions of its own.
  const drawn = input.slug ? await deps.bank.drawSettings(input.tenantId, input.slug) : undefined;
  const problems = moduleProblems(input.framework, input.content, input.publish).filter(
    (p) => !(drawn && p.code === 'QUIZ_REQUIRED'),
  );
  if (problems.length > 0) return { problems };
  const saved = await deps.modules.saveModule({
    tenantId: input.tenantId,
    frameworkId: input.framework.id,
    slug: input.slug,
    slugBase: input.slugBase,
    content: input.content,
    status: input.publish ? 'published' : 'draft',
    ...(input.followUpWeeks !== undefined ? { followUpWeeks: input.followUpWeeks } : {}),
  });
  return saved ?? 'notFound';
}
