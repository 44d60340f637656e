import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { t, type Locale } from '../../i18n/i18n';
import type { FileProblem, ImportPlan } from '../../domain/agency/target-group-import';
import { previewTargetImport, type ImportPreview } from '../../use-cases/preview-target-import';
import { importTargetGroups } from '../../use-cases/import-target-groups';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { lmsOf } from '../lms-origin';
import { redirectWithLtik, renderPage, sendStandardError } from '../pages';
import { formErrors, NO_ERRORS, type FormErrors } from '../form-errors';
import { CSV_IMPORT_MAX_BYTES, readConfirmForm, readCsvUpload } from '../csv-upload';
import { containsControlCharacters } from '../../shared/control-characters';
import { sendControlCharactersRefused } from '../middleware/control-characters';
import type { TargetImportPage, TargetImportRow } from '../view-models/target-import.view-model';

export const IMPORT_PATH = '/app/organisation/target-groups/import';
/** The two posts that carry a whole file: their bodies are held until the caller is known to be an administrator. */
export const IMPORT_BODY_PATHS = [`${IMPORT_PATH}/preview`, `${IMPORT_PATH}/confirm`];

const confirmSchema = z.object({
  text: z.string().min(1).max(CSV_IMPORT_MAX_BYTES),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  token: z.string().max(40),
  expectedSet: z.coerce.number().int().min(0).max(100_000),
});
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

  const author = async (ctx: PageContext) => {
    const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
    return me && { tenantId: ctx.tenantId, personId: me.personId, lms: lmsOf(ctx.launch) };
  };

  const fileFields = (l: Locale) => [
    { field: 'file', id: 'import-file', label: t(l, 'targetImport.field.file') },
    { field: 'csv', id: 'import-csv', label: t(l, 'targetImport.field.csv') },
  ];

  const fileProblem = (l: Locale, p: FileProblem, field: 'file' | 'csv'): FormErrors =>
    formErrors(l, fileFields(l), [
      { field, key: `targetImport.file.${p.code}`, params: { line: p.line ?? '', limit: p.limit ?? '' } },
    ]);

  function rowsView(l: Locale, plan: ImportPlan, groupName: (code: string) => string): TargetImportRow[] {
    return plan.rows.map(({ row, outcome }) => ({
      line: row.line,
      user: row.user,
      person: outcome.person && (outcome.person.name ?? outcome.person.platformUserId),
      group: row.group && groupName(row.group),
      second: row.second ? groupName(row.second) : undefined,
      outcome: outcome.kind,
      outcomeLabel: t(l, `targetImport.outcome.${outcome.kind}`),
      message:
        outcome.kind === 'error'
          ? t(l, `targetImport.row.${outcome.code}`, { line: row.line, other: outcome.otherLine ?? '' })
          : undefined,
    }));
  }

  async function renderImportPage(
    req: Request,
    res: Response,
    ctx: PageContext,
    status: number,
    extra: Partial<Pick<TargetImportPage, 'errors' | 'csv' | 'done'>> & {
      preview?: Pick<ImportPreview, 'text' | 'sha256' | 'token' | 'plan' | 'encoding'>;
    } = {},
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
          rows: rowsView(l, p.plan, groupName),
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

  router.post(
    `${IMPORT_PATH}/preview`,
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
      const preview = await previewTargetImport(deps, {
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
    `${IMPORT_PATH}/confirm`,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      await readConfirmForm(req, res);
      const parsed = confirmSchema.safeParse(req.body);
      const by = parsed.success ? await author(ctx) : undefined;
      if (!parsed.success || !by) return sendStandardError(req, res, deps.render, l, 'badRequest');
      if (containsControlCharacters(parsed.data.text))
        return sendControlCharactersRefused(req, res, deps.render, l);
      const { text, sha256, token, expectedSet } = parsed.data;
      const outcome = await importTargetGroups(deps, {
        by,
        text,
        sha256,
        token,
        expected: { set: expectedSet },
      });
      switch (outcome.kind) {
        case 'applied':
          return redirectWithLtik(
            res,
            ctx.ltik,
            `${IMPORT_PATH}?done=applied&set=${outcome.set}&unchanged=${outcome.unchanged}`,
          );
        case 'alreadyApplied':
          return redirectWithLtik(res, ctx.ltik, `${IMPORT_PATH}?done=already`);
        case 'notPreviewed':
          return sendStandardError(req, res, deps.render, l, 'badRequest');
        case 'changed': {
          // The people (or the organisation's groups) changed since the preview: show the file's preview again.
          if ('code' in outcome.plan)
            return renderImportPage(req, res, ctx, 409, { errors: fileProblem(l, outcome.plan, 'csv') });
          const preview = await previewTargetImport(deps, {
            tenantId: ctx.tenantId,
            importer: by.personId,
            bytes: new TextEncoder().encode(text),
          });
          if ('code' in preview)
            return renderImportPage(req, res, ctx, 409, { errors: fileProblem(l, preview, 'csv') });
          return renderImportPage(req, res, ctx, 409, {
            preview,
            errors: formErrors(l, fileFields(l), [{ field: 'csv', key: 'targetImport.changed' }]),
          });
        }
      }
    }),
  );

  return router;
}
