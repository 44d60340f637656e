import type { TenantId } from '../shared/ids';
import type { ModuleContent } from '../domain/catalogue/learning-module';
import { DEFAULT_FOLLOW_UP_WEEKS } from '../domain/evaluation/follow-up';
import type { UseCaseDeps } from './deps';
import { openCatalogue } from './open-catalogue';
import type { ModuleSummary, StoredFramework } from './ports';

/**
 * What the authoring form starts from: the organisation's framework, the module's "follow up after N weeks" (the
 * default for a new one) and, for an edit, the module's newest version (draft or published); `notFound` when the
 * organisation has no module `slug`.
 */
export async function getModuleForEditing(
  deps: Pick<UseCaseDeps, 'modules' | 'frameworks' | 'sampleCatalogue'>,
  input: { tenantId: TenantId; slug?: string },
): Promise<
  | {
      framework: StoredFramework;
      followUpWeeks: number;
      existing?: { summary: ModuleSummary; content: ModuleContent };
    }
  | 'notFound'
> {
  const { framework } = await openCatalogue(deps, input.tenantId);
  if (input.slug === undefined) return { framework, followUpWeeks: DEFAULT_FOLLOW_UP_WEEKS };
  const [existing, followUpWeeks] = await Promise.all([
    deps.modules.getLatest(input.tenantId, input.slug),
    deps.modules.followUpWeeks(input.tenantId, input.slug),
  ]);
  return existing
    ? { framework, followUpWeeks: followUpWeeks ?? DEFAULT_FOLLOW_UP_WEEKS, existing }
    : 'notFound';
}
