import type { Database } from './database';
import { moduleIdColumn, moduleVersionIdColumn } from './id-columns';
import { array, bool, int, isoDate, nullable, numeric, object, oneOf, rows, text } from './decode';
import { category } from './record-rows';
import { moduleLanguages } from '../domain/catalogue/learning-module';
import type { LibraryDetails, ModuleLibraryStore } from '../use-cases/ports';
import type { ModuleVersionId } from '../shared/ids';

const entryRow = object({
  module_id: moduleIdColumn,
  version_id: moduleVersionIdColumn,
  slug: text,
  version: int,
  title_th: text,
  title_en: text,
  category,
  estimated_hours: numeric,
  languages: nullable(array(oneOf('th', 'en'))),
  mappings: nullable(array(object({ skill_set: text, area: nullable(text), hours: numeric }))),
  completed_on: nullable(isoDate),
  best_score: nullable(numeric),
  started: bool,
  pages_viewed: int,
});
const detailsRow = object({
  version_id: moduleVersionIdColumn,
  summary: object({ th: text, en: text }),
  page_count: int,
});

/**
 * The library's listing, one statement for every module of the organisation: the newest published version of each
 * (drafts and the modules of other organisations never appear), its mappings grouped in one pass, and the person's
 * completion (the module's completion entry, as the module page reads it), best score and progress joined to it.
 * The content documents (tens of kB each) are not read here: `details` reads the summaries of the 20 cards shown.
 * Parameters: $1 tenant, $2 person.
 */
const PUBLISHED_FOR = `
  WITH pub AS (
    SELECT DISTINCT ON (v.module_id) v.module_id, v.id AS version_id, m.slug, v.version, v.title_th, v.title_en,
           v.category, v.estimated_hours::text AS estimated_hours, v.languages
      FROM module_versions v JOIN modules m ON m.id = v.module_id AND m.tenant_id = v.tenant_id
     WHERE v.tenant_id = $1 AND v.status = 'published'
     ORDER BY v.module_id, v.version DESC
  ), mapped AS (
    SELECT mm.module_version_id,
           json_agg(json_build_object('skill_set', mm.skill_set_code, 'area', mm.area_code, 'hours', mm.hours::text)
                    ORDER BY mm.skill_set_code, mm.area_code) AS mappings
      FROM module_mappings mm JOIN pub ON pub.version_id = mm.module_version_id
     GROUP BY mm.module_version_id
  ), done AS (
    SELECT e.module_id, e.occurred_on, e.score_percent, e.created_at FROM learning_entries e
     WHERE e.tenant_id = $1 AND e.person_id = $2 AND e.source = 'module' AND e.kind = 'entry'
  ), touched AS (
    SELECT DISTINCT v.module_id FROM module_progress p JOIN module_versions v ON v.id = p.module_version_id
     WHERE p.tenant_id = $1 AND p.person_id = $2
  )
  SELECT pub.*, mapped.mappings, done.occurred_on::text AS completed_on,
         -- The completion's score raised by a later retake: the score its placements' gradebooks get.
         CASE WHEN done.module_id IS NOT NULL THEN greatest(done.score_percent,
           (SELECT max(a.percent) FROM quiz_attempts a JOIN module_versions av ON av.id = a.module_version_id
             WHERE a.tenant_id = $1 AND a.person_id = $2 AND av.module_id = pub.module_id
               AND a.created_at > done.created_at))::text END AS best_score,
         touched.module_id IS NOT NULL AS started,
         coalesce(cardinality(cur.pages_viewed), 0) AS pages_viewed
    FROM pub
    LEFT JOIN mapped ON mapped.module_version_id = pub.version_id
    LEFT JOIN done ON done.module_id = pub.module_id
    LEFT JOIN touched ON touched.module_id = pub.module_id
    LEFT JOIN module_progress cur
           ON cur.tenant_id = $1 AND cur.person_id = $2 AND cur.module_version_id = pub.version_id`;

export function createModuleLibraryRepository(db: Database): ModuleLibraryStore {
  return {
    async publishedFor(person) {
      const found = await rows(db, entryRow, PUBLISHED_FOR, [person.tenantId, person.personId]);
      return found.map((r) => ({
        moduleId: r.module_id,
        versionId: r.version_id,
        slug: r.slug,
        version: r.version,
        status: 'published' as const,
        title: { th: r.title_th, en: r.title_en },
        category: r.category,
        estimatedHours: r.estimated_hours,
        languages: moduleLanguages({ languages: r.languages ?? undefined }),
        mappings: (r.mappings ?? []).map((x) => ({
          skillSet: x.skill_set,
          area: x.area ?? undefined,
          hours: x.hours,
        })),
        standing: {
          completedOn: r.completed_on ?? undefined,
          bestScore: r.best_score ?? undefined,
          started: r.started,
        },
        pagesViewed: r.pages_viewed,
      }));
    },

    async details(tenantId, versionIds) {
      if (versionIds.length === 0) return new Map<ModuleVersionId, LibraryDetails>();
      const found = await rows(
        db,
        detailsRow,
        `SELECT v.id AS version_id, coalesce(v.content->'summary', '{"th": "", "en": ""}') AS summary,
                coalesce(jsonb_array_length(v.content->'pages'), 0) AS page_count
           FROM module_versions v WHERE v.tenant_id = $1 AND v.id = ANY ($2::bigint[])`,
        [tenantId, [...versionIds]],
      );
      return new Map(found.map((r) => [r.version_id, { summary: r.summary, pageCount: r.page_count }]));
    },
  };
}
