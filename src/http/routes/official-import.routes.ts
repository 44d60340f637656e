import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { formatDate, t, type Locale } from '../../i18n/i18n';
import type { FileProblem } from '../../domain/agency/target-group-import';
import type { OfficialPlan } from '../../domain/agency/official-results-import';
import { previewOfficialImport, type OfficialPreview } from '../../use-cases/preview-official-import';
import { importOfficialResults, undoOfficialImport } from '../../use-cases/import-official-results';
import { officialImportTemplate, openOfficialImport } from '../../use-cases/get-official-results';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { lmsOf } from '../lms-origin';
import { redirectWithLtik, renderPage, sendStandardError } from '../pages';
import { formErrors, NO_ERRORS, type FormErrors } from '../form-errors';
import { CSV_IMPORT_MAX_BYTES, readConfirmForm, readCsvUpload } from '../csv-upload';
import { sendCsv } from '../csv';
import { containsControlCharacters } from '../../shared/control-characters';
import { sendControlCharactersRefused } from '../middleware/control-characters';
import type { OfficialImportPage, OfficialImportRow } from '../view-models/official-import.view-model';

export const OFFICIAL_IMPORT_PATH = '/app/organisation/official-results/import';
/** The two posts that carry a whole file: their bodies are held until the caller is known to be an administrator. */
export const OFFICIAL_IMPORT_BODY_PATHS = [
  `${OFFICIAL_IMPORT_PATH}/preview`,
  `${OFFICIAL_IMPORT_PATH}/confirm`,
];
const TEMPLATE_PATH = '/app/organisation/official-results/template.csv';

const confirmSchema = z.object({
  text: z.string().min(1).max(CSV_IMPORT_MAX_BYTES),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  token: z.string().max(40),
  expectedAdd: z.coerce.number().int().min(0).max(100_000),
  expectedReplace: z.coerce.number().int().min(0).max(100_000),
});
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

  const author = async (ctx: PageContext) => {
    const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
    return me && { tenantId: ctx.tenantId, personId: me.personId, lms: lmsOf(ctx.launch) };
  };

  const fileFields = (l: Locale) => [
    { field: 'file', id: 'import-file', label: t(l, 'officialImport.field.file') },
    { field: 'csv', id: 'import-csv', label: t(l, 'officialImport.field.csv') },
  ];

  const fileProblem = (l: Locale, p: FileProblem, field: 'file' | 'csv'): FormErrors =>
    formErrors(l, fileFields(l), [
      { field, key: `officialImport.file.${p.code}`, params: { line: p.line ?? '', limit: p.limit ?? '' } },
    ]);

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
    extra: Partial<Pick<OfficialImportPage, 'errors' | 'csv' | 'done' | 'warning'>> & {
      preview?: Pick<OfficialPreview, 'text' | 'sha256' | 'token' | 'plan' | 'encoding'>;
    } = {},
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

  router.post(
    `${OFFICIAL_IMPORT_PATH}/preview`,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const upload = await readCsvUpload(req, res);
      if ('refused' in upload)
        return upload.refused === 'TOO_LARGE'
          ? renderImportPage(req, res, ctx, 422, {
              errors: fileProblem(l, { code: 'TOO_LARGE', limit: CSV_IMPORT_MAX_BYTES }, 'file'),
            })
          : sendControlCharactersRefused(req, res, deps.render, l);
      const { bytes, field, csv } = upload;
      const me = await author(ctx);
      if (!me) return sendStandardError(req, res, deps.render, l, 'badRequest');
      const preview = await previewOfficialImport(deps, {
        tenantId: ctx.tenantId,
        importer: me.personId,
        bytes,
      });
      if ('code' in preview)
        return renderImportPage(req, res, ctx, 422, { errors: fileProblem(l, preview, field), csv });
      await renderImportPage(req, res, ctx, preview.plan.counts.error > 0 ? 422 : 200, { preview, csv });
    }),
  );

  router.post(
    `${OFFICIAL_IMPORT_PATH}/confirm`,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      await readConfirmForm(req, res);
      const parsed = confirmSchema.safeParse(req.body);
      const by = parsed.success ? await author(ctx) : undefined;
      if (!parsed.success || !by) return sendStandardError(req, res, deps.render, l, 'badRequest');
      if (containsControlCharacters(parsed.data.text))
        return sendControlCharactersRefused(req, res, deps.render, l);
      const { text, sha256, token, expectedAdd, expectedReplace } = parsed.data;
      const outcome = await importOfficialResults(deps, {
        by,
        text,
        sha256,
        token,
        expected: { add: expectedAdd, replace: expectedReplace },
      });
      switch (outcome.kind) {
        case 'applied':
          return redirectWithLtik(
            res,
            ctx.ltik,
            `${OFFICIAL_IMPORT_PATH}?done=applied&add=${outcome.added}&replace=${outcome.replaced}&unchanged=${outcome.unchanged}`,
          );
        case 'alreadyApplied':
          return redirectWithLtik(res, ctx.ltik, `${OFFICIAL_IMPORT_PATH}?done=already`);
        case 'notPreviewed':
          return sendStandardError(req, res, deps.render, l, 'badRequest');
        case 'changed': {
          if ('code' in outcome.plan)
            return renderImportPage(req, res, ctx, 409, { errors: fileProblem(l, outcome.plan, 'csv') });
          const preview = await previewOfficialImport(deps, {
            tenantId: ctx.tenantId,
            importer: by.personId,
            bytes: new TextEncoder().encode(text),
          });
          if ('code' in preview)
            return renderImportPage(req, res, ctx, 409, { errors: fileProblem(l, preview, 'csv') });
          return renderImportPage(req, res, ctx, 409, {
            preview,
            errors: formErrors(l, fileFields(l), [{ field: 'csv', key: 'officialImport.changed' }]),
          });
        }
      }
    }),
  );

  router.post(
    '/app/organisation/official-results/imports/:id/undo',
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const p = importIdParam.safeParse(req.params);
      const by = p.success ? await author(ctx) : undefined;
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
