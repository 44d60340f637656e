import type { OfficialPlan, OfficialResult } from '../domain/agency/official-results-import';
import type { FileProblem } from '../domain/agency/target-group-import';
import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';
import { planOfficialResults, type OfficialDeps } from './preview-official-import';
import { canonicalImportText, importDigest } from './preview-target-import';
import { recheckEligibility } from './recheck-eligibility';

export type OfficialImportOutcome =
  | { kind: 'applied'; added: number; replaced: number; unchanged: number }
  | { kind: 'alreadyApplied' }
  /** The text is not the one previewed (its digest differs): nothing written. */
  | { kind: 'notPreviewed' }
  /** The file, the people or the results held now give errors or other changes than the preview showed. */
  | { kind: 'changed'; plan: OfficialPlan | FileProblem };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Applies a previewed import of official results once the administrator confirms it, as the target-group import
 * does: the exact text previewed (its digest), judged again now, written only when no row has an error and the
 * counts are the preview's, in one transaction under the preview's token (a double submit writes once), with one
 * audit entry. The people it touched are judged again for eligibility (a certification can make them eligible).
 */
export async function importOfficialResults(
  deps: OfficialDeps &
    Pick<UseCaseDeps, 'development' | 'rules' | 'shippedAssessments' | 'counting' | 'logger'>,
  input: {
    by: AuditPerson;
    text: string;
    sha256: string;
    token: string;
    expected: { add: number; replace: number };
  },
): Promise<OfficialImportOutcome> {
  const { by } = input;
  const text = canonicalImportText(input.text);
  if (!UUID.test(input.token) || importDigest(text) !== input.sha256) return { kind: 'notPreviewed' };
  if (await deps.officialResults.wasImported(by.tenantId, input.token)) return { kind: 'alreadyApplied' };
  const replan = () => planOfficialResults(deps, { tenantId: by.tenantId, importer: by.personId, text });
  const plan = await replan();
  if (
    'code' in plan ||
    plan.counts.error > 0 ||
    plan.counts.add !== input.expected.add ||
    plan.counts.replace !== input.expected.replace
  ) {
    // A double submit whose twin committed between the first check and the plan: the same preview, written once.
    if (await deps.officialResults.wasImported(by.tenantId, input.token)) return { kind: 'alreadyApplied' };
    return { kind: 'changed', plan };
  }
  const added: OfficialResult[] = [];
  const replaced: Array<{ result: OfficialResult; replaces: number }> = [];
  for (const { outcome } of plan.rows)
    if (outcome.kind === 'add') added.push(outcome.result);
    else if (outcome.kind === 'replace')
      replaced.push({ result: outcome.result, replaces: outcome.before.id });
  const applied = await deps.officialResults.applyImport({
    tenantId: by.tenantId,
    token: input.token,
    sha256: input.sha256,
    importer: by.personId,
    added,
    replaced,
    unchanged: plan.counts.unchanged,
    audit: {
      by,
      action: 'official_results.imported',
      subject: `${added.length} + ${replaced.length} + ${plan.counts.unchanged}`,
    },
  });
  if (applied === 'alreadyApplied') return { kind: 'alreadyApplied' };
  if (applied === 'changed') return { kind: 'changed', plan: await replan() };
  const personIds = [...new Set([...added, ...replaced.map((r) => r.result)].map((r) => r.personId))];
  if (personIds.length > 0) await recheckEligibility(deps, { tenantId: by.tenantId, personIds });
  return {
    kind: 'applied',
    added: added.length,
    replaced: replaced.length,
    unchanged: plan.counts.unchanged,
  };
}

/**
 * Undoes an import as a whole (an administrator's mistake: the wrong file, the wrong year): its results no longer
 * count and those it replaced count again, audited; refused while a later import replaced one of its results.
 */
export async function undoOfficialImport(
  deps: Pick<
    UseCaseDeps,
    | 'officialResults'
    | 'frameworks'
    | 'development'
    | 'rules'
    | 'shippedAssessments'
    | 'counting'
    | 'today'
    | 'logger'
  >,
  input: { by: AuditPerson; importId: number },
) {
  const { by } = input;
  const done = await deps.officialResults.undoImport({
    tenantId: by.tenantId,
    importId: input.importId,
    by: by.personId,
    audit: { by, action: 'official_results.undone', subject: String(input.importId) },
  });
  if (done.personIds.length > 0)
    await recheckEligibility(deps, { tenantId: by.tenantId, personIds: done.personIds });
  return done.outcome;
}
