import type { Database, Queryable } from './database';
import { moduleIdColumn, moduleVersionIdColumn } from './id-columns';
import type { CatalogueModule, ModuleStore, ModuleSummary } from '../use-cases/ports';
import { moduleLanguages, sameContent, type ModuleContent } from '../domain/catalogue/learning-module';

import {
  array,
  bool,
  firstRow,
  int,
  nullable,
  numeric,
  object,
  oneOf,
  oneRow,
  rows,
  storedDocument,
  text,
} from './decode';
import { category } from './record-rows';

export type { ModuleSummary };

const idRow = object({ id: int });
const status = oneOf('draft', 'published');
/** Validated in full when saved (authoring) or seeded (the catalogue file). */
const moduleContent = storedDocument<ModuleContent>('module content', [
  'title',
  'category',
  'estimatedHours',
  'mappings',
  'pages',
]);
const versionRow = object({
  module_id: moduleIdColumn,
  version_id: moduleVersionIdColumn,
  version: int,
  status,
  content: moduleContent,
});
const referenceRow = object({ slug: text, title_th: text, title_en: text, launchable: bool });
const latestVersionRow = object({ id: int, version: int, status, content: moduleContent });
const summaryRow = object({
  module_id: moduleIdColumn,
  version_id: moduleVersionIdColumn,
  slug: text,
  version: int,
  status,
  title_th: text,
  title_en: text,
  category,
  estimated_hours: numeric,
  mappings: nullable(array(object({ skill_set: text, area: nullable(text), hours: numeric }))),
  languages: nullable(array(oneOf('th', 'en'))),
});

async function insertVersion(
  tx: Queryable,
  tenantId: number,
  moduleId: number,
  version: number,
  frameworkId: number,
  m: ModuleContent,
  status: 'draft' | 'published',
): Promise<number> {
  const row = await oneRow(
    tx,
    idRow,
    `INSERT INTO module_versions (tenant_id, module_id, version, status, framework_id, title_th, title_en, category,
                                  estimated_hours, content, languages, published_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::text[], CASE WHEN $4 = 'published' THEN now() END)
     RETURNING id`,
    [
      tenantId,
      moduleId,
      version,
      status,
      frameworkId,
      m.title.th,
      m.title.en,
      m.category,
      m.estimatedHours,
      JSON.stringify(m),
      moduleLanguages(m),
    ],
  );
  for (const map of m.mappings) {
    await tx.query(
      `INSERT INTO module_mappings (tenant_id, module_version_id, framework_id, skill_set_code, area_code, hours)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [tenantId, row.id, frameworkId, map.skillSet, map.area ?? null, map.hours],
    );
  }
  return row.id;
}

/** The newest version of a module (or its newest published one), with its content. */
async function newestVersion(
  db: Database,
  tenantId: number,
  slug: string,
  publishedOnly: boolean,
): Promise<{ summary: ModuleSummary; content: ModuleContent } | undefined> {
  const row = await firstRow(
    db,
    versionRow,
    `SELECT m.id AS module_id, v.id AS version_id, v.version, v.status, v.content FROM modules m
       JOIN module_versions v ON v.module_id = m.id AND v.tenant_id = m.tenant_id AND ($3::boolean = false OR v.status = 'published')
      WHERE m.tenant_id = $1 AND m.slug = $2 ORDER BY v.version DESC LIMIT 1`,
    [tenantId, slug, publishedOnly],
  );
  if (!row) return undefined;
  const c = row.content;
  return {
    summary: {
      moduleId: row.module_id,
      versionId: row.version_id,
      slug,
      version: row.version,
      status: row.status,
      title: c.title,
      category: c.category,
      estimatedHours: c.estimatedHours,
      mappings: c.mappings,
      languages: moduleLanguages(c),
    },
    content: c,
  };
}

export function createModuleRepository(db: Database): ModuleStore {
  // Seeding happens once per tenant, ever: after that, no page needs the locking transaction to find out.
  const seeded = new Set<number>();
  return {
    /**
     * Gives a tenant the sample catalogue, once: modules it already has (by slug) are left as they are, so
     * that calling this again, or concurrently, neither duplicates nor overwrites an instructor's edits.
     */
    async seedCatalogue(tenantId: number, frameworkId: number, modules: CatalogueModule[]): Promise<number> {
      if (seeded.has(tenantId)) return 0;
      const added = await db.transaction(async (tx) => {
        // Once per tenant: the flag row is locked so that concurrent first visits seed once.
        const tenant = await firstRow(
          tx,
          object({ seeded: bool }),
          'SELECT catalogue_seeded_at IS NOT NULL AS seeded FROM tenants WHERE id = $1 FOR UPDATE',
          [tenantId],
        );
        if (!tenant || tenant.seeded) return 0;
        await tx.query('UPDATE tenants SET catalogue_seeded_at = now() WHERE id = $1', [tenantId]);
        let added = 0;
        for (const m of modules) {
          const row = await firstRow(
            tx,
            idRow,
            'INSERT INTO modules (tenant_id, slug) VALUES ($1, $2) ON CONFLICT (tenant_id, slug) DO NOTHING RETURNING id',
            [tenantId, m.slug],
          );
          if (!row) continue;
          const { slug: _slug, ...content } = m;
          await insertVersion(tx, tenantId, row.id, 1, frameworkId, content, 'published');
          added += 1;
        }
        return added;
      });
      seeded.add(tenantId);
      return added;
    },

    getLatest: (tenantId, slug) => newestVersion(db, tenantId, slug, false),

    async followUpWeeks(tenantId, slug) {
      const found = await firstRow(
        db,
        object({ weeks: int }),
        'SELECT follow_up_weeks::int AS weeks FROM modules WHERE tenant_id = $1 AND slug = $2',
        [tenantId, slug],
      );
      return found?.weeks;
    },

    async references(tenantId, slugs) {
      if (slugs.length === 0) return new Map();
      const found = await rows(
        db,
        referenceRow,
        // Modules (tenant_id, slug) by primary key; the newest version of each, and whether any is published.
        `SELECT DISTINCT ON (m.id) m.slug, v.title_th, v.title_en,
                EXISTS (SELECT 1 FROM module_versions p WHERE p.module_id = m.id AND p.status = 'published') AS launchable
           FROM modules m JOIN module_versions v ON v.module_id = m.id AND v.tenant_id = m.tenant_id
          WHERE m.tenant_id = $1 AND m.slug = ANY($2::text[])
          ORDER BY m.id, v.version DESC`,
        [tenantId, [...slugs]],
      );
      return new Map(
        found.map((r) => [
          r.slug,
          {
            slug: r.slug,
            title: { th: r.title_th, en: r.title_en },
            inCatalogue: true,
            launchable: r.launchable,
          },
        ]),
      );
    },

    async saveModule(input) {
      return db.transaction(async (tx) => {
        let moduleId: number;
        let slug = input.slug;
        if (slug === undefined) {
          // The first free slug: base, base-2, base-3, ... (unique per tenant, enforced by the primary key).
          const taken = new Set(
            (
              await rows(
                tx,
                object({ slug: text }),
                `SELECT slug FROM modules WHERE tenant_id = $1 AND (slug = $2 OR slug LIKE $2 || '-%')`,
                [input.tenantId, input.slugBase],
              )
            ).map((r) => r.slug),
          );
          let n = 1;
          slug = input.slugBase;
          while (taken.has(slug)) slug = `${input.slugBase}-${++n}`;
          const row = await oneRow(
            tx,
            idRow,
            'INSERT INTO modules (tenant_id, slug) VALUES ($1, $2) RETURNING id',
            [input.tenantId, slug],
          );
          moduleId = row.id;
          if (input.followUpWeeks !== undefined)
            await tx.query('UPDATE modules SET follow_up_weeks = $2 WHERE id = $1', [
              moduleId,
              input.followUpWeeks,
            ]);
          await insertVersion(
            tx,
            input.tenantId,
            moduleId,
            1,
            input.frameworkId,
            input.content,
            input.status,
          );
          return { slug, version: 1 };
        }
        // Lock the module so that two saves at once make consecutive versions, not the same one twice.
        const mod = await firstRow(
          tx,
          idRow,
          'SELECT id FROM modules WHERE tenant_id = $1 AND slug = $2 FOR UPDATE',
          [input.tenantId, slug],
        );
        if (!mod) return undefined;
        moduleId = mod.id;
        // The follow-up setting is the module's: it changes without a new version.
        const weeksChanged =
          input.followUpWeeks !== undefined &&
          (
            await tx.query(
              'UPDATE modules SET follow_up_weeks = $2 WHERE id = $1 AND follow_up_weeks <> $2 RETURNING id',
              [moduleId, input.followUpWeeks],
            )
          ).length > 0;
        const latest = await firstRow(
          tx,
          latestVersionRow,
          'SELECT id, version, status, content FROM module_versions WHERE module_id = $1 ORDER BY version DESC LIMIT 1',
          [moduleId],
        );
        // Saving what is already there (publishing a draft aside) is no edit: no new version, nothing rewritten.
        if (
          latest &&
          (latest.status === input.status || input.status === 'draft') &&
          sameContent(latest.content, input.content)
        )
          return { slug, version: latest.version, ...(weeksChanged ? {} : { unchanged: true }) };
        if (latest && latest.status === 'draft') {
          // A draft is nobody's record yet: it is replaced in place.
          await tx.query('DELETE FROM module_versions WHERE id = $1', [latest.id]);
          await insertVersion(
            tx,
            input.tenantId,
            moduleId,
            latest.version,
            input.frameworkId,
            input.content,
            input.status,
          );
          return { slug, version: latest.version };
        }
        const version = (latest?.version ?? 0) + 1;
        await insertVersion(
          tx,
          input.tenantId,
          moduleId,
          version,
          input.frameworkId,
          input.content,
          input.status,
        );
        return { slug, version };
      });
    },

    getPublished: (tenantId, slug) => newestVersion(db, tenantId, slug, true),

    /** The newest version of every module of the tenant, with its skill-set mappings. */
    async listLatest(tenantId: number): Promise<ModuleSummary[]> {
      const found = await rows(
        db,
        summaryRow,
        // The newest version of each module, then its mappings in one grouped pass (not a subquery per row).
        `WITH latest AS (
           SELECT DISTINCT ON (m.id) m.id AS module_id, v.id AS version_id, m.slug, v.version, v.status,
                  v.title_th, v.title_en, v.category, v.estimated_hours::text, v.languages
             FROM modules m JOIN module_versions v ON v.module_id = m.id AND v.tenant_id = m.tenant_id
            WHERE m.tenant_id = $1
            ORDER BY m.id, v.version DESC
         ), mapped AS (
           SELECT mm.module_version_id,
                  json_agg(json_build_object('skill_set', mm.skill_set_code, 'area', mm.area_code, 'hours', mm.hours::text)
                           ORDER BY mm.skill_set_code, mm.area_code) AS mappings
             FROM module_mappings mm JOIN latest l ON l.version_id = mm.module_version_id
            GROUP BY mm.module_version_id
         )
         SELECT latest.*, mapped.mappings FROM latest LEFT JOIN mapped ON mapped.module_version_id = latest.version_id`,
        [tenantId],
      );
      return found
        .map((r) => ({
          moduleId: r.module_id,
          versionId: r.version_id,
          slug: r.slug,
          version: r.version,
          status: r.status,
          title: { th: r.title_th, en: r.title_en },
          category: r.category,
          estimatedHours: r.estimated_hours,
          languages: moduleLanguages({ languages: r.languages ?? undefined }),
          mappings: (r.mappings ?? []).map((x) => ({
            skillSet: x.skill_set,
            area: x.area ?? undefined,
            hours: x.hours,
          })),
        }))
        .sort((a, b) => a.slug.localeCompare(b.slug));
    },
  };
}

export type ModuleRepository = ReturnType<typeof createModuleRepository>;
