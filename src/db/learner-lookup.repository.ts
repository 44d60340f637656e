import type { Database } from './database';
import type { TenantId } from '../shared/ids';
import { personIdColumn, contextIdColumn } from './id-columns';
import type { Learner } from '../use-cases/ports';
import { bool, firstRow, nullable, object, oneOf, text } from './decode';

const learnerRow = object({
  id: personIdColumn,
  target_group: nullable(text),
  target_stage: nullable(text),
  target_state: oneOf('proposed', 'agreed'),
  set_by_other: bool,
  context_id: nullable(contextIdColumn),
});

/** Who a session is: the person and course ids of its launch (recorded at launch, so they exist). */
export function createLearnerLookup(db: Database) {
  return async function learnerOf(
    tenantId: TenantId,
    platformUserId: string,
    contextId: string | undefined,
  ): Promise<Learner | undefined> {
    const row = await firstRow(
      db,
      learnerRow,
      `SELECT p.id, p.target_group, p.target_stage, p.target_state, coalesce(p.target_set_by <> p.id, false) AS set_by_other,
              (SELECT c.id FROM contexts c WHERE c.tenant_id = p.tenant_id AND c.context_id = $3) AS context_id
         FROM people p WHERE p.tenant_id = $1 AND p.platform_user_id = $2`,
      [tenantId, platformUserId, contextId ?? null],
    );
    if (!row) return undefined;
    return {
      tenantId,
      personId: row.id,
      contextId: row.context_id ?? undefined,
      targetGroup: row.target_group ?? undefined,
      targetStage: row.target_stage ?? undefined,
      targetSetByInstructor: row.set_by_other,
      targetState: row.target_state,
    };
  };
}
