import type { FileProblem, ImportPlan } from '../domain/agency/target-group-import';
import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';
import type { ImportChange } from './ports/target-groups';
import { canonicalImportText, importDigest, planTargetImport } from './preview-target-import';

export type ImportOutcome =
  | { kind: 'applied'; set: number; unchanged: number }
  | { kind: 'alreadyApplied' }
  /** The text is not the one previewed (its digest differs): nothing written. */
  | { kind: 'notPreviewed' }
  /** The file, or the people it names, now give errors or other changes than the preview showed: a new preview. */
  | { kind: 'changed'; plan: ImportPlan | FileProblem };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Applies a previewed import once the administrator confirms it: the exact text previewed (its digest must match),
 * judged again against the people as they are now; written only when no row has an error, in one transaction,
 * under the preview's token (a double submit writes once), with one audit entry that carries the counts.
 */
export async function importTargetGroups(
  deps: Pick<UseCaseDeps, 'targetGroups' | 'frameworks'>,
  input: { by: AuditPerson; text: string; sha256: string; token: string; expected: { set: number } },
): Promise<ImportOutcome> {
  const { by } = input;
  const text = canonicalImportText(input.text);
  if (!UUID.test(input.token) || importDigest(text) !== input.sha256) return { kind: 'notPreviewed' };
  // A confirm seen before (a double submit after the first was written) writes nothing, whatever the file says now.
  if (await deps.targetGroups.wasImported(by.tenantId, input.token)) return { kind: 'alreadyApplied' };
  const plan = await planTargetImport(deps, {
    tenantId: by.tenantId,
    importer: by.personId,
    text,
  });
  if ('code' in plan || plan.counts.error > 0 || plan.counts.set !== input.expected.set)
    return { kind: 'changed', plan };
  const changes: ImportChange[] = [];
  for (const { outcome } of plan.rows)
    if (outcome.kind === 'set')
      changes.push({
        personId: outcome.person.personId,
        group: outcome.group,
        second: outcome.second,
        before: { group: outcome.person.group, state: outcome.person.state, second: outcome.person.second },
      });
  const applied = await deps.targetGroups.applyImport({
    tenantId: by.tenantId,
    token: input.token,
    sha256: input.sha256,
    importer: by.personId,
    changes,
    unchanged: plan.counts.unchanged,
    audit: {
      by,
      action: 'target_groups.imported',
      subject: `${plan.counts.set} + ${plan.counts.unchanged}`,
    },
  });
  if (applied === 'alreadyApplied') return { kind: 'alreadyApplied' };
  if (applied === 'changed') {
    const again = await planTargetImport(deps, {
      tenantId: by.tenantId,
      importer: by.personId,
      text,
    });
    return { kind: 'changed', plan: again };
  }
  return { kind: 'applied', set: plan.counts.set, unchanged: plan.counts.unchanged };
}
