import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { formatDate, t, type Locale } from '../../i18n/i18n';
import type { OfficialPlan } from '../../domain/agency/official-results-import';
import { previewOfficialImport, type OfficialPreview } from '../../use-cases/preview-official-import';
import { importOfficialResults, undoOfficialImport } from '../../use-cases/import-official-results';
import { officialImportTemplate, openOfficialImport } from '../../use-cases/get-official-results';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { redirectWithLtik, renderPage, sendStandardError } from '../pages';
import { NO_ERRORS } from '../form-errors';
import { sendCsv } from '../csv';
import {
  bodyPathsOf,
  csvImportPosts,
  expectedCount,
  importAuthor,
  type CsvImportExtra,
} from '../csv-import-posts';
import type { OfficialImportPage, OfficialImportRow } from '../view-models/official-import.view-model';

export const OFFICIAL_IMPORT_PATH = '/app/organisation/official-results/import';
/** The two posts that carry a whole file: their bodies are held until the caller is known to be an administrator. */
export const OFFICIAL_IMPORT_BODY_PATHS = bodyPathsOf(OFFICIAL_IMPORT_PATH);
const TEMPLATE_PATH = '/app/organisation/official-results/template.csv';

const importIdParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
const doneQuery = z
  .object({
    done: z.enum(['applied', 'already', 'undone', 'undoAlready', 'undoLater']),
    add: z.coerce.number().int().min(0),
    replace: z.coerce.number().int().min(0),
    unchanged: z.coerce.number().int().min(0),
  })
  .partial()
  .catch({});

/**
 * Administrators import official results (issue #19 item 6): the DG-SA self-assessment's levels and TPQI
 * certifications, from a CSV file uploaded or pasted, as the target-group import does (a preview of every row, a
 * confirm of exactly the previewed text, once, only when no row has an error); list the imports and undo one.
 */
export function officialImportRoutes(deps: PageDeps): Router {
  const router = express.Router();
  const admin = (handler: (req: Request, res: Response, ctx: PageContext) => Promise<void>) =>
    requireRole(deps, ['admin'], handler);

  function rowsView(l: Locale, plan: OfficialPlan): OfficialImportRow[] {
    return plan.rows.map(({ row, outcome }) => {
      const kind =
        outcome.kind !== 'error'
          ? t(l, `official.kind.${outcome.result.kind}`)
          : row.kind === 'dg_sa' || row.kind === 'tpqi_certification'
            ? t(l, `official.kind.${row.kind}`)
            : row.kind;
      return {
        line: row.line,
        user: row.user,
        person:
          'person' in outcome && outcome.person
            ? (outcome.person.name ?? outcome.person.platformUserId)
            : undefined,
        result: [kind, row.code, row.level, row.date, row.certificateNumber]
          .filter((c) => c !== '')
          .join(' · '),
        outcome: outcome.kind,
        outcomeLabel: t(l, `officialImport.outcome.${outcome.kind}`),
        message:
          outcome.kind === 'error'
            ? t(l, `officialImport.row.${outcome.code}`, {
                line: row.line,
                other: outcome.otherLine ?? '',
                min: outcome.min ?? '',
                max: outcome.max ?? '',
              })
            : outcome.kind === 'replace'
              ? t(l, 'officialImport.replaces', { level: outcome.before.level })
              : undefined,
      };
    });
  }

  async function renderImportPage(
    req: Request,
    res: Response,
    ctx: PageContext,
    status: number,
    extra: CsvImportExtra<OfficialPreview> & Partial<Pick<OfficialImportPage, 'done' | 'warning'>> = {},
  ) {
    const l = ctx.locale;
    const data = await openOfficialImport(deps, ctx.tenantId);
    const p = extra.preview;
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'official-import',
      {
        title: t(l, 'officialImport.title'),
        errors: extra.errors ?? NO_ERRORS,
        csv: extra.csv ?? '',
        done: extra.done,
        warning: extra.warning,
        levelsLine: t(l, 'officialImport.format.levels', { stages: data.dgSaMaxLevel }),
        dgSaCodes: data.codes.dgSa.map((c) => ({ code: c.code, name: c.name[l] })),
        tpqiCodes: data.codes.tpqi.map((c) => ({ code: c.code, name: c.name[l] })),
        imports: data.imports.map((i) => ({
          id: i.id,
          at: formatDate(l, i.importedAt),
          by: i.importedBy ? (i.importedBy.name ?? i.importedBy.platformUserId) : '–',
          counts: t(l, 'officialImport.imports.countsLine', {
            add: i.added,
            replace: i.replaced,
            unchanged: i.unchanged,
          }),
          state: i.undoneAt
            ? t(l, 'officialImport.imports.undoneAt', { date: formatDate(l, i.undoneAt) })
            : t(l, 'officialImport.imports.inForce'),
          canUndo: !i.undoneAt && i.added + i.replaced > 0,
          undoLabel: t(l, 'officialImport.undo', { id: i.id }),
        })),
        preview: p && {
          countsLine: t(l, 'officialImport.counts', p.plan.counts),
          encodingNote: p.encoding === 'windows-874' ? t(l, 'officialImport.windows874') : undefined,
          canConfirm: p.plan.counts.error === 0 && p.plan.counts.add + p.plan.counts.replace > 0,
          nothingToDo: p.plan.counts.error === 0 && p.plan.counts.add + p.plan.counts.replace === 0,
          rows: rowsView(l, p.plan),
          confirm: {
            text: p.text,
            sha256: p.sha256,
            token: p.token,
            expectedAdd: p.plan.counts.add,
            expectedReplace: p.plan.counts.replace,
          },
        },
      },
      status,
    );
  }

  router.get(
    OFFICIAL_IMPORT_PATH,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const q = doneQuery.parse(req.query);
      const counts = { add: q.add ?? 0, replace: q.replace ?? 0, unchanged: q.unchanged ?? 0 };
      const said: Partial<Pick<OfficialImportPage, 'done' | 'warning'>> =
        q.done === 'applied'
          ? { done: t(l, 'officialImport.done', counts) }
          : q.done === 'already'
            ? { done: t(l, 'officialImport.already') }
            : q.done === 'undone'
              ? { done: t(l, 'officialImport.undo.done') }
              : q.done === 'undoAlready'
                ? { warning: t(l, 'officialImport.undo.already') }
                : q.done === 'undoLater'
                  ? { warning: t(l, 'officialImport.undo.replacedLater') }
                  : {};
      await renderImportPage(req, res, ctx, 200, said);
    }),
  );

  router.get(
    TEMPLATE_PATH,
    admin(async (_req, res) => {
      const { header, rows } = officialImportTemplate();
      sendCsv(res, 'official-results-template.csv', header, rows);
    }),
  );

  csvImportPosts(deps, router, {
    path: OFFICIAL_IMPORT_PATH,
    messages: 'officialImport',
    expected: z.object({ expectedAdd: expectedCount, expectedReplace: expectedCount }),
    preview: (input) => previewOfficialImport(deps, input),
    apply: ({ expected, ...input }) =>
      importOfficialResults(deps, {
        ...input,
        expected: { add: expected.expectedAdd, replace: expected.expectedReplace },
      }),
    appliedQuery: (applied) =>
      `add=${applied.added}&replace=${applied.replaced}&unchanged=${applied.unchanged}`,
    render: renderImportPage,
  });

  router.post(
    '/app/organisation/official-results/imports/:id/undo',
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const p = importIdParam.safeParse(req.params);
      const by = p.success ? await importAuthor(deps, ctx) : undefined;
      if (!p.success || !by) return sendStandardError(req, res, deps.render, l, 'notFound');
      const outcome = await undoOfficialImport(deps, { by, importId: p.data.id });
      switch (outcome) {
        case 'undone':
          return redirectWithLtik(res, ctx.ltik, `${OFFICIAL_IMPORT_PATH}?done=undone`);
        case 'alreadyUndone':
          return redirectWithLtik(res, ctx.ltik, `${OFFICIAL_IMPORT_PATH}?done=undoAlready`);
        case 'replacedLater':
          return redirectWithLtik(res, ctx.ltik, `${OFFICIAL_IMPORT_PATH}?done=undoLater`);
        case 'notFound':
          return sendStandardError(req, res, deps.render, l, 'notFound');
      }
    }),
  );

  return router;
}
