/*
 * Performance measure: rows the tool reads by the hundred or thousand come back from PostgreSQL as one JSON value
 * (json_agg) instead of a row each, because node-postgres parses every column of every row on the event loop. Used
 * for the eligibility inputs below (a record's counted entries as [date, bucket, hours, skill hours] arrays), the
 * class view's many records (development.repository.ts) and a record's ledger rows (ledger.repository.ts,
 * entriesOf).
 *
 * What it buys, measured on this 2-core host against a throwaway PostgreSQL 15 (a 1,000-entry record, 12 columns,
 * prepared statements, 200 runs): 3.7-3.9 ms of Node CPU per record as rows, 2.5-2.7 ms as one json_agg value,
 * for the same wall time within the host's noise (12.5-13.7 ms). On the launch and page path Node's CPU is what
 * limits throughput; PostgreSQL's share grows a little.
 */

/**
 * What eligibility is judged on, as select-list columns over the `eff` CTE ($1 tenant, $2 person): compact rows
 * ([date, category, hours, skill hours]) in one JSON value, cheap to send and to parse; checked and turned into
 * an EligibilityInput by `eligibilityColumns` (record-rows.ts) in one pass.
 */
export const ELIGIBILITY_COLUMNS = `
  (SELECT json_agg(json_build_array(occurred_on, category, hours, skill_hours)) FROM eff WHERE counted) AS counted,
  (SELECT array_agg(DISTINCT m.slug) FROM eff JOIN modules m ON m.id = eff.module_id
    WHERE eff.counted AND eff.source = 'module') AS modules,
  (SELECT array_agg(taken_on::text) FROM self_assessments WHERE tenant_id = $1 AND person_id = $2) AS taken,
  (SELECT json_object_agg(assessment_code, first_eligible_at) FROM eligibility_firsts
    WHERE tenant_id = $1 AND person_id = $2) AS firsts,
  (SELECT json_agg(json_build_array(kind, code, area, level, awarded_on)) FROM official_results
    WHERE tenant_id = $1 AND person_id = $2 AND current) AS official`;
