import { DEMO } from '../../src/demo/demo-platform';
import type { BrowserTool } from './browser';

/** The sample module the demo learner "completed" 60 days ago (not the demo course's placed module). */
export const FOLLOW_UP_MODULE = 'dl-digital-security-threats';

/**
 * A follow-up open now for the demo learner and the demo course's instructors: a completion of FOLLOW_UP_MODULE
 * recorded in the demo course 60 days ago (the module's default is 8 weeks). Written straight into the ledger, as
 * the year of history is; the demo learner must have launched. Returns the completion's id.
 */
export async function seedDueFollowUp(tool: Pick<BrowserTool, 'db'>): Promise<number> {
  const [row] = await tool.db.query<{ id: number }>(
    `INSERT INTO learning_entries (tenant_id, person_id, context_id, source, kind, module_id, module_version_id, title,
                                   category, hours, skill_hours, occurred_on, recorded_by)
     SELECT p.tenant_id, p.id, c.id, 'module', 'entry', m.id, v.id, v.title_en, v.category, v.estimated_hours,
            jsonb_build_array(jsonb_build_object('skillSet', 'DL', 'hours', v.estimated_hours)),
            current_date - 60, p.id
       FROM people p
       JOIN contexts c ON c.tenant_id = p.tenant_id AND c.context_id = $2
       JOIN modules m ON m.tenant_id = p.tenant_id AND m.slug = $3
       JOIN LATERAL (SELECT * FROM module_versions WHERE module_id = m.id AND status = 'published'
                      ORDER BY version DESC LIMIT 1) v ON true
      WHERE p.platform_user_id = $1
     RETURNING id`,
    [DEMO.users.learner.sub, DEMO.course.id, FOLLOW_UP_MODULE],
  );
  if (!row) throw new Error('launch the demo learner (in the demo course) before seeding a follow-up');
  return row.id;
}
