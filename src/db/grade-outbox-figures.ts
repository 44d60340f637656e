import type { GradeOutboxFigures } from '../shared/metrics';
import type { Queryable } from './database';
import { int, numeric, object, oneRow } from './decode';

/**
 * What the metrics say about the grade outbox, read at each scrape in one statement over the grades not yet
 * delivered (the partial index of the due grades covers them): how many wait for a first attempt and how many
 * failed at least once, and the age of the oldest of each since it was queued. A grade failing for an hour is
 * the alert (README, "Metrics").
 */
export async function readGradeOutboxFigures(db: Queryable): Promise<GradeOutboxFigures> {
  const r = await oneRow(
    db,
    object({ waiting: int, failing: int, oldest_waiting: numeric, oldest_failing: numeric }),
    `SELECT count(*) FILTER (WHERE status = 'pending')::int AS waiting,
            count(*) FILTER (WHERE status = 'failing')::int AS failing,
            coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')), 0)::float8
              AS oldest_waiting,
            coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'failing')), 0)::float8
              AS oldest_failing
       FROM grade_outbox WHERE status IN ('pending', 'failing')`,
  );
  return {
    waiting: r.waiting,
    failing: r.failing,
    oldestWaitingSeconds: Math.max(0, Math.round(r.oldest_waiting)),
    oldestFailingSeconds: Math.max(0, Math.round(r.oldest_failing)),
  };
}
