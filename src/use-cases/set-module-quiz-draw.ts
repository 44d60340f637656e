import type { TenantId } from '../shared/ids';
import { poolSupply, type DrawnQuizSettings, type QuizPool } from '../domain/evaluation/quiz-draw';
import type { UseCaseDeps } from './deps';
import type { ModuleSummary, StoredFramework } from './ports';
import type { AuditPerson } from './ports/audit';

export interface ModuleQuizDrawView {
  module: ModuleSummary;
  settings?: DrawnQuizSettings;
  /** How many active bank questions each pool of `settings` can draw from now. */
  supply: number[];
  framework: StoredFramework;
}

/** A module's drawn quiz as its author sets it: the pools, and how many questions each can draw from now. */
export async function getModuleQuizDraw(
  deps: Pick<UseCaseDeps, 'bank' | 'modules'>,
  tenantId: TenantId,
  slug: string,
  framework: StoredFramework,
): Promise<ModuleQuizDrawView | undefined> {
  const [modules, settings, candidates] = await Promise.all([
    deps.modules.listLatest(tenantId),
    deps.bank.drawSettings(tenantId, slug),
    deps.bank.candidates(tenantId),
  ]);
  const module = modules.find((m) => m.slug === slug);
  if (!module) return undefined;
  return { module, settings, supply: poolSupply(settings?.pools ?? [], candidates), framework };
}

export type QuizDrawProblem = { field: string; code: 'UNKNOWN_SKILL_SET' | 'UNKNOWN_AREA' | 'POOL_EMPTY' };

/**
 * A content manager sets how a module's quiz is drawn from the bank, or (no pools) gives the module its own
 * questions back. Pools name skill sets and areas of the organisation's framework; a pool that can draw no question
 * is refused (one that can draw fewer than its count is accepted, and the page says so).
 */
export async function setModuleQuizDraw(
  deps: Pick<UseCaseDeps, 'bank' | 'modules'>,
  input: { by: AuditPerson; slug: string; framework: StoredFramework; settings: DrawnQuizSettings },
): Promise<'saved' | 'notFound' | { problems: QuizDrawProblem[] }> {
  const f = input.framework.framework;
  const skillSets = new Set(f.skillSets.map((s) => s.code));
  const areas = new Map(f.areas.map((a) => [a.code, a.skillSet]));
  const problems: QuizDrawProblem[] = [];
  const candidates = await deps.bank.candidates(input.by.tenantId);
  const supply = poolSupply(input.settings.pools, candidates);
  input.settings.pools.forEach((p: QuizPool, i) => {
    if (p.skillSet !== undefined && !skillSets.has(p.skillSet))
      problems.push({ field: `pool.${i}.skillSet`, code: 'UNKNOWN_SKILL_SET' });
    else if (p.area !== undefined && (!areas.has(p.area) || (p.skillSet && areas.get(p.area) !== p.skillSet)))
      problems.push({ field: `pool.${i}.area`, code: 'UNKNOWN_AREA' });
    else if (supply[i] === 0) problems.push({ field: `pool.${i}.count`, code: 'POOL_EMPTY' });
  });
  if (problems.length > 0) return { problems };
  const modules = await deps.modules.listLatest(input.by.tenantId);
  const module = modules.find((m) => m.slug === input.slug);
  if (!module) return 'notFound';
  const settings = input.settings.pools.length > 0 ? input.settings : undefined;
  const saved = await deps.bank.saveDrawSettings(input.by.tenantId, module.moduleId, settings, {
    by: input.by,
    action: 'module.quiz_draw_set',
    subject: `module ${input.slug}`,
    details: settings ? { ...settings } : { pools: [] },
  });
  return saved ? 'saved' : 'notFound';
}
