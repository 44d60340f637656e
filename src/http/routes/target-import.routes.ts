import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { t, type Locale } from '../../i18n/i18n';
import type { ImportPlan } from '../../domain/agency/target-group-import';
import { previewTargetImport, type ImportPreview } from '../../use-cases/preview-target-import';
import { importTargetGroups } from '../../use-cases/import-target-groups';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { renderPage } from '../pages';
import { NO_ERRORS } from '../form-errors';
import { bodyPathsOf, csvImportPosts, expectedCount, type CsvImportExtra } from '../csv-import-posts';
import type { TargetImportPage, TargetImportRow } from '../view-models/target-import.view-model';

export const IMPORT_PATH = '/app/organisation/target-groups/import';
/** The two posts that carry a whole file: their bodies are held until the caller is known to be an administrator. */
export const IMPORT_BODY_PATHS = bodyPathsOf(IMPORT_PATH);

const doneQuery = z
  .object({
    done: z.enum(['applied', 'already']),
    set: z.coerce.number().int().min(0),
    unchanged: z.coerce.number().int().min(0),
  })
  .partial()
  .catch({});

/**
 * Administrators import target groups for many people at once (issue #18 item 7): a CSV file uploaded or pasted
 * (LMS user id or e-mail address, group code, optionally a second group), a preview of every row's outcome, and a
 * confirm that applies exactly the previewed text, once, and only when no row has an error.
 */
export function targetImportRoutes(deps: PageDeps): Router {
  const router = express.Router();
  const admin = (handler: (req: Request, res: Response, ctx: PageContext) => Promise<void>) =>
    requireRole(deps, ['admin'], handler);

  function rowsView(
    l: Locale,
    plan: ImportPlan,
    groupName: (code: string) => string,
    codes: readonly string[],
  ): TargetImportRow[] {
    return plan.rows.map(({ row, outcome }) => ({
      line: row.line,
      user: row.user,
      person: outcome.person && (outcome.person.name ?? outcome.person.platformUserId),
      // A group written by its name is shown as the group it was read as (in the page's language).
      group: outcome.kind === 'error' ? row.group && groupName(row.group) : groupName(outcome.group),
      second:
        outcome.kind === 'error'
          ? row.second
            ? groupName(row.second)
            : undefined
          : outcome.second && groupName(outcome.second),
      outcome: outcome.kind,
      outcomeLabel: t(l, `targetImport.outcome.${outcome.kind}`),
      message:
        outcome.kind === 'error'
          ? t(l, `targetImport.row.${outcome.code}`, {
              line: row.line,
              other: outcome.otherLine ?? '',
              value: outcome.code === 'UNKNOWN_SECOND_GROUP' ? row.second : row.group,
              codes: codes.join(', '),
            })
          : undefined,
    }));
  }

  async function renderImportPage(
    req: Request,
    res: Response,
    ctx: PageContext,
    status: number,
    extra: CsvImportExtra<ImportPreview> & Pick<TargetImportPage, 'done'> = {},
  ) {
    const l = ctx.locale;
    const { framework } = await deps.frameworks.forTenant(ctx.tenantId);
    const groupName = (code: string) => framework.targetGroups.find((g) => g.code === code)?.name[l] ?? code;
    const p = extra.preview;
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'target-import',
      {
        title: t(l, 'targetImport.title'),
        errors: extra.errors ?? NO_ERRORS,
        csv: extra.csv ?? '',
        done: extra.done,
        groups: framework.targetGroups.map((g) => ({ code: g.code, name: g.name[l] })),
        preview: p && {
          countsLine: t(l, 'targetImport.counts', p.plan.counts),
          encodingNote: p.encoding === 'windows-874' ? t(l, 'targetImport.windows874') : undefined,
          canConfirm: p.plan.counts.error === 0 && p.plan.counts.set > 0,
          rows: rowsView(
            l,
            p.plan,
            groupName,
            framework.targetGroups.map((g) => g.code),
          ),
          confirm: { text: p.text, sha256: p.sha256, token: p.token, expectedSet: p.plan.counts.set },
        },
      },
      status,
    );
  }

  router.get(
    IMPORT_PATH,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const q = doneQuery.parse(req.query);
      const done =
        q.done === 'applied'
          ? t(l, 'targetImport.done', { set: q.set ?? 0, unchanged: q.unchanged ?? 0 })
          : q.done === 'already'
            ? t(l, 'targetImport.already')
            : undefined;
      await renderImportPage(req, res, ctx, 200, { done });
    }),
  );

  csvImportPosts(deps, router, {
    path: IMPORT_PATH,
    messages: 'targetImport',
    expected: z.object({ expectedSet: expectedCount }),
    preview: (input) => previewTargetImport(deps, input),
    apply: ({ expected, ...input }) =>
      importTargetGroups(deps, { ...input, expected: { set: expected.expectedSet } }),
    appliedQuery: (applied) => `set=${applied.set}&unchanged=${applied.unchanged}`,
    render: renderImportPage,
  });

  return router;
}
