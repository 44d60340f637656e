import type { TenantId, ContextId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { GradeRow, GradeStatus } from './ports';

const STATUSES: readonly GradeStatus[] = ['pending', 'failing', 'delivered', 'rejected'];

/** The grades of the course's learners and how far each is on its way to the LMS, with a count per status. */
export async function getCourseGrades(
  deps: Pick<UseCaseDeps, 'outbox'>,
  course: { tenantId: TenantId; contextId: ContextId },
): Promise<{ rows: GradeRow[]; counts: Array<{ status: GradeStatus; count: number }> }> {
  const rows = await deps.outbox.forContext(course.tenantId, course.contextId);
  return {
    rows,
    counts: STATUSES.map((status) => ({ status, count: rows.filter((r) => r.status === status).length })),
  };
}
