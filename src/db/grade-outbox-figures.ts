import type { GradeOutboxFigures } from '../shared/metrics';
import type { Queryable } from './database';

/**
 * What the metrics say about the grade outbox, read at each scrape in one statement over the grades not yet
 * delivered (the partial index of the due grades covers them): how many wait for a first attempt and how many
 * failed at least once, and the age of the oldest of each since it was queued. A grade failing for an hour is
 * the alert (README, "Metrics").
 */
export async function readGradeOutboxFigures(db: Queryable): Promise<GradeOutboxFigures> {
  const rows = await db.query<{
    waiting: number;
    failing: number;
    oldest_waiting: number;
    oldest_failing: number;
  }>(
    `SELECT count(*) FILTER (WHERE status = 'pending')::int AS waiting,
            count(*) FILTER (WHERE status = 'failing')::int AS failing,
            coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')), 0)::float8
              AS oldest_waiting,
            coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'failing')), 0)::float8
              AS oldest_failing
       FROM grade_outbox WHERE status IN ('pending', 'failing')`,
  );
  const r = rows[0];
  return {
    waiting: r?.waiting ?? 0,
    failing: r?.failing ?? 0,
    oldestWaitingSeconds: Math.max(0, Math.round(r?.oldest_waiting ?? 0)),
    oldestFailingSeconds: Math.max(0, Math.round(r?.oldest_failing ?? 0)),
  };
}
