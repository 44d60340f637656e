import type { ContextId, ModuleId, PersonId, TenantId } from '../shared/ids';
import type { Bilingual } from '../domain/framework/framework';
import { fiscalYearOf, fiscalYearRange, type FiscalYear } from '../domain/learning-record/fiscal-year';
import { normalisedGain, summariseGain, type GainSummary } from '../domain/evaluation/pre-post-gain';
import type { UseCaseDeps } from './deps';
import type { PrePostRow } from './ports/question-bank';

/** One learner's scores before and after a module, and their normalised gain (undefined when pre was 100). */
export interface LearnerGain extends PrePostRow {
  gain?: number;
}

const withGain = (r: PrePostRow): LearnerGain => ({
  ...r,
  ...(r.post !== undefined ? { gain: normalisedGain(r.pre, r.post) } : {}),
});

const summaryOf = (rows: readonly PrePostRow[]): GainSummary | undefined =>
  summariseGain(rows.flatMap((r) => (r.post !== undefined ? [{ pre: r.pre, post: r.post }] : [])));

/** A module's learners (of the course, when `contextId`): each one's pre, post and gain, and the group's. */
export async function getModuleGains(
  deps: Pick<UseCaseDeps, 'bank'>,
  tenantId: TenantId,
  moduleId: ModuleId,
  contextId?: ContextId,
): Promise<{ learners: LearnerGain[]; summary?: GainSummary }> {
  const rows = await deps.bank.prePostOfModule(tenantId, moduleId, contextId);
  return { learners: rows.map(withGain), summary: summaryOf(rows) };
}

/** One learner's pre, post and gain in every module with a pre-test, for their record. */
export async function getLearnerGains(
  deps: Pick<UseCaseDeps, 'bank'>,
  tenantId: TenantId,
  personId: PersonId,
): Promise<LearnerGain[]> {
  return (await deps.bank.prePostOfPerson(tenantId, personId)).map(withGain);
}

/**
 * The organisation's year (this one when none is given): per module, the learners whose post-test fell in the
 * fiscal year, their average pre and post, and the group's normalised gain.
 */
export async function getOrganisationGains(
  deps: Pick<UseCaseDeps, 'bank' | 'today'>,
  tenantId: TenantId,
  fiscalYear?: FiscalYear,
): Promise<{
  fiscalYear: FiscalYear;
  modules: Array<{ moduleId: ModuleId; title: Bilingual; summary: GainSummary }>;
}> {
  const year = fiscalYear ?? fiscalYearOf(deps.today());
  const { from, to } = fiscalYearRange(year);
  const rows = await deps.bank.prePostBetween(tenantId, from, to);
  const byModule = new Map<ModuleId, PrePostRow[]>();
  for (const r of rows) byModule.set(r.moduleId, [...(byModule.get(r.moduleId) ?? []), r]);
  const modules = [...byModule.values()].flatMap((group) => {
    const summary = summaryOf(group);
    return summary ? [{ moduleId: group[0]!.moduleId, title: group[0]!.moduleTitle, summary }] : [];
  });
  return { fiscalYear: year, modules };
}
