import type { Database } from './database';
import {
  firstRow,
  int,
  isoDate,
  nullable,
  object,
  oneRow,
  rows,
  storedDocument,
  text,
  timestamp,
} from './decode';
import { snapshotIdColumn } from './id-columns';
import { writeAudit } from './audit.repository';
import { fiscalYear as toFiscalYear } from '../domain/learning-record/fiscal-year';
import type { SnapshotFigures } from '../domain/reporting/report-snapshot';
import type { SnapshotStore, SnapshotSummary } from '../use-cases/ports';

const summaryColumns = `id, title, fiscal_year, as_of::text, framework_code, taken_at, taken_by_name`;
const summaryRow = object({
  id: snapshotIdColumn,
  title: text,
  fiscal_year: int,
  as_of: isoDate,
  framework_code: text,
  taken_at: timestamp,
  taken_by_name: nullable(text),
});
const figures = storedDocument<SnapshotFigures>('report snapshot figures', [
  'version',
  'groups',
  'total',
  'skillSets',
  'eligibility',
]);

const summary = (r: ReturnType<typeof summaryRow>): SnapshotSummary => ({
  id: r.id,
  title: r.title,
  fiscalYear: toFiscalYear(r.fiscal_year),
  asOf: r.as_of,
  frameworkCode: r.framework_code,
  takenAt: r.taken_at,
  ...(r.taken_by_name ? { takenByName: r.taken_by_name } : {}),
});

/** The committee's snapshots (migration 0043): inserted with their audit row, read back, never updated. */
export function createReportSnapshotRepository(db: Database): SnapshotStore {
  return {
    async take(s, audit) {
      return db.transaction(async (tx) => {
        const { id } = await oneRow(
          tx,
          object({ id: snapshotIdColumn }),
          `INSERT INTO report_snapshots (tenant_id, title, fiscal_year, as_of, framework_code, taken_by, taken_by_name,
                                         figures_version, figures)
           SELECT $1, $2, $3, $4::date, $5, p.id, p.name, $7, $8::jsonb
             FROM (SELECT $6::bigint AS pid) x LEFT JOIN people p ON p.tenant_id = $1 AND p.id = x.pid
           RETURNING id`,
          [
            audit.by.tenantId,
            s.title,
            s.fiscalYear,
            s.asOf,
            s.frameworkCode,
            audit.by.personId,
            s.figures.version,
            JSON.stringify(s.figures),
          ],
        );
        await writeAudit(tx, { ...audit, subject: `snapshot ${id}` });
        return id;
      });
    },

    async list(tenantId) {
      const found = await rows(
        db,
        summaryRow,
        `SELECT ${summaryColumns} FROM report_snapshots WHERE tenant_id = $1 ORDER BY id DESC LIMIT 500`,
        [tenantId],
      );
      return found.map(summary);
    },

    async get(tenantId, id) {
      const r = await firstRow(
        db,
        object({ ...summaryRow.shape, figures }),
        `SELECT ${summaryColumns}, figures FROM report_snapshots WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id],
      );
      return r ? { ...summary(r), figures: r.figures } : undefined;
    },
  };
}
