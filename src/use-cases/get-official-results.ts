import { OFFICIAL_TEMPLATE_ROWS } from '../domain/agency/official-results-import';
import type { PersonId, TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import { officialCodes, type OfficialCodeList } from './official-codes';
import type { OfficialImportSummary, OfficialResultView } from './ports/official-results';

/** What the import page shows besides a preview: the codes a row may name, the DG-SA scale, the last imports. */
export interface OfficialImportPageData {
  codes: Pick<OfficialCodeList, 'dgSa' | 'tpqi'>;
  /** The highest DG-SA level (the framework's number of stages). */
  dgSaMaxLevel: number;
  imports: OfficialImportSummary[];
}

/** The import page's reads: the organisation's codes and its last 20 imports, newest first. */
export async function openOfficialImport(
  deps: Pick<UseCaseDeps, 'officialResults' | 'frameworks'>,
  tenantId: TenantId,
): Promise<OfficialImportPageData> {
  const [list, imports] = await Promise.all([
    officialCodes(deps, tenantId),
    deps.officialResults.imports(tenantId, 20),
  ]);
  return {
    codes: { dgSa: list.dgSa, tpqi: list.tpqi },
    dgSaMaxLevel: list.codes.dgSa.stages,
    imports,
  };
}

/** The template an administrator downloads: the header and one example row of each kind. */
export function officialImportTemplate(): { header: string[]; rows: string[][] } {
  const [header, ...rows] = OFFICIAL_TEMPLATE_ROWS;
  return { header: [...header!], rows: rows.map((r) => [...r]) };
}

/** One person's current official results, newest first, for their progress page and their record. */
export async function getOfficialResults(
  deps: Pick<UseCaseDeps, 'officialResults'>,
  tenantId: TenantId,
  personId: PersonId,
): Promise<OfficialResultView[]> {
  return deps.officialResults.resultsOf(tenantId, personId);
}
