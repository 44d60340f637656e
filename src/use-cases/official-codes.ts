import type { OfficialCodes } from '../domain/agency/official-results-import';
import type { Bilingual } from '../domain/framework/framework';
import type { TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';

/** The TPQI 2567 framework (config/frameworks): its units and areas are what a certification names. */
export const TPQI_FRAMEWORK = 'tpqi-digital-government-2567';

/** The codes an official result may name, with their names for the pages. */
export interface OfficialCodeList {
  codes: OfficialCodes;
  /** DG-SA: the organisation's skill sets. */
  dgSa: Array<{ code: string; name: Bilingual }>;
  /** TPQI: the areas, then the units (each with its area). */
  tpqi: Array<{ code: string; name: Bilingual; area?: string }>;
}

/**
 * What an official result may name: a DG-SA level per skill set of the organisation's framework (0 to its number of
 * stages), a TPQI certification of a unit or area of the TPQI 2567 framework. Without the TPQI framework loaded, no
 * certification can be named.
 */
export async function officialCodes(
  deps: Pick<UseCaseDeps, 'frameworks'>,
  tenantId: TenantId,
): Promise<OfficialCodeList> {
  const [own, tpqi] = await Promise.all([
    deps.frameworks.forTenant(tenantId),
    deps.frameworks.latest(TPQI_FRAMEWORK),
  ]);
  const f = own.framework;
  const t = tpqi?.framework;
  return {
    codes: {
      dgSa: { skillSets: f.skillSets.map((s) => s.code), stages: f.stages.length },
      tpqi: {
        units: new Map((t?.areas ?? []).map((a) => [a.code, a.skillSet])),
        areas: (t?.skillSets ?? []).map((s) => s.code),
      },
    },
    dgSa: f.skillSets.map((s) => ({ code: s.code, name: s.name })),
    tpqi: [
      ...(t?.skillSets ?? []).map((s) => ({ code: s.code, name: s.name })),
      ...(t?.areas ?? []).map((a) => ({ code: a.code, name: a.name, area: a.skillSet })),
    ],
  };
}
