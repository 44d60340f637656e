import type { PersonId, TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { OfficialImportSummary, OfficialResultView } from './ports/official-results';

/** The organisation's imports of official results, newest first (the import page lists the last 20). */
export async function getOfficialImports(
  deps: Pick<UseCaseDeps, 'officialResults'>,
  tenantId: TenantId,
): Promise<OfficialImportSummary[]> {
  return deps.officialResults.imports(tenantId, 20);
}

/** One person's current official results, newest first, for their progress page and their record. */
export async function getOfficialResults(
  deps: Pick<UseCaseDeps, 'officialResults'>,
  tenantId: TenantId,
  personId: PersonId,
): Promise<OfficialResultView[]> {
  return deps.officialResults.resultsOf(tenantId, personId);
}
