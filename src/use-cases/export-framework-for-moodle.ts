import type { Framework, Locale } from '../domain/framework/framework';
import { toMoodleCompetencyCsv } from '../domain/framework/moodle-competency-csv';
import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';

/**
 * The organisation's framework (its newest version) as a Moodle competency framework CSV, in one language: the
 * file Moodle's "Import competency framework" reads (UTF-8, LF line ends, no BOM: the sender adds one).
 */
export async function exportFrameworkForMoodle(
  deps: Pick<UseCaseDeps, 'frameworks'>,
  input: { tenantId: TenantId; locale: Locale },
): Promise<{ framework: Framework; csv: string }> {
  const { framework } = await deps.frameworks.forTenant(input.tenantId);
  return { framework, csv: toMoodleCompetencyCsv(framework, input.locale) };
}
