import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';
import { previewFrameworkChoice } from './preview-framework-choice';

/**
 * An administrator chooses which loaded framework drives the organisation's targets and eligibility; `unknown`
 * when none has that code. Only the choice changes: records, rule edits and target groups stay as written and are
 * read through the crosswalk, so moving back shows everything as before. The audit row says how many rule edits
 * and chosen target groups the new framework cannot read (the preview lists them).
 */
export async function chooseFramework(
  deps: Pick<UseCaseDeps, 'frameworks' | 'rules' | 'counting' | 'shippedAssessments'>,
  input: { by: AuditPerson; code: string },
): Promise<'chosen' | 'unknown'> {
  const preview = await previewFrameworkChoice(deps, { tenantId: input.by.tenantId, code: input.code });
  if (preview === 'unknown') return 'unknown';
  await deps.frameworks.chooseForTenant(input.by.tenantId, input.code, {
    by: input.by,
    action: 'framework.chosen',
    subject: input.code,
    details: {
      rulesToFix: preview.rules.filter((r) => r.unmapped.length > 0).length,
      targetGroupsToChooseAgain: preview.targetGroups.reduce((n, g) => n + g.people, 0),
    },
  });
  return 'chosen';
}
