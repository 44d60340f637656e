import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { t, type Locale } from '../i18n/i18n';
import type { FileProblem } from '../domain/agency/target-group-import';
import type { AuditPerson } from '../use-cases/ports/audit';
import type { PersonId, TenantId } from '../shared/ids';
import { requireRole, type PageContext } from './middleware/require-role';
import type { PageDeps } from './page-deps';
import { lmsOf } from './lms-origin';
import { redirectWithLtik, sendStandardError } from './pages';
import { formErrors, type FormErrors } from './form-errors';
import { CSV_IMPORT_MAX_BYTES, readConfirmForm, readCsvUpload } from './csv-upload';
import { containsControlCharacters } from '../shared/control-characters';
import { sendControlCharactersRefused } from './middleware/control-characters';

/** What each import's confirm form carries besides its own expected counts: the previewed text, its digest, the token. */
const previewed = {
  text: z.string().min(1).max(CSV_IMPORT_MAX_BYTES),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  token: z.string().max(40),
};

/** An expected count on a confirm form. */
export const expectedCount = z.coerce.number().int().min(0).max(100_000);

/** What a confirmed import came to (import-target-groups.ts, import-official-results.ts). */
export type CsvImportOutcome<Applied, Plan> =
  | ({ kind: 'applied' } & Applied)
  | { kind: 'alreadyApplied' }
  | { kind: 'notPreviewed' }
  | { kind: 'changed'; plan: Plan | FileProblem };

/** What the page of an import shows besides what it always shows: a problem, the pasted text, a preview. */
export interface CsvImportExtra<Preview> {
  errors?: FormErrors;
  csv?: string;
  preview?: Preview;
}

/**
 * One CSV import with preview (target groups, official results): what differs between them. The flow they share
 * is in `csvImportPosts`.
 */
export interface CsvImport<
  Preview extends { plan: { counts: { error: number } } },
  Expected,
  Applied,
  Plan extends object,
> {
  /** The import page's address; the preview and the confirm are posted below it. */
  path: string;
  /** The prefix of its messages: `.field.file`, `.field.csv`, `.file.<problem>` and `.changed` follow it. */
  messages: 'targetImport' | 'officialImport';
  /** The confirm form's fields of expected counts (what the preview showed), checked again before writing. */
  expected: z.ZodType<Expected>;
  preview(input: {
    tenantId: TenantId;
    importer: PersonId;
    bytes: Uint8Array;
  }): Promise<Preview | FileProblem>;
  apply(input: {
    by: AuditPerson;
    text: string;
    sha256: string;
    token: string;
    expected: Expected;
  }): Promise<CsvImportOutcome<Applied, Plan>>;
  /** The import page's query after an import was applied: its counts. */
  appliedQuery(applied: Applied): string;
  /** Renders the import page with `extra`, at `status`. */
  render(
    req: Request,
    res: Response,
    ctx: PageContext,
    status: number,
    extra: CsvImportExtra<Preview>,
  ): Promise<void>;
}

/** The two posts that carry a whole file: their bodies are held until the caller is known to be an administrator. */
export const bodyPathsOf = (path: string) => [`${path}/preview`, `${path}/confirm`];

/** The import's file fields, for the form's error summary. */
function fileFields(l: Locale, messages: CsvImport<never, unknown, unknown, object>['messages']) {
  return [
    { field: 'file', id: 'import-file', label: t(l, `${messages}.field.file`) },
    { field: 'csv', id: 'import-csv', label: t(l, `${messages}.field.csv`) },
  ];
}

/** A problem with the whole file (not a row), next to the field it came from. */
export function csvFileProblem(
  l: Locale,
  messages: CsvImport<never, unknown, unknown, object>['messages'],
  p: FileProblem,
  field: 'file' | 'csv',
): FormErrors {
  return formErrors(l, fileFields(l, messages), [
    { field, key: `${messages}.file.${p.code}`, params: { line: p.line ?? '', limit: p.limit ?? '' } },
  ]);
}

/** The administrator who imports, as the audit names them; undefined when the launch has no person. */
export async function importAuthor(deps: PageDeps, ctx: PageContext): Promise<AuditPerson | undefined> {
  const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
  return me && { tenantId: ctx.tenantId, personId: me.personId, lms: lmsOf(ctx.launch) };
}

/**
 * The preview and confirm posts of a CSV import, for administrators: the upload read (a file or pasted text, at
 * most CSV_IMPORT_MAX_BYTES) and judged row by row into a preview (422 while a row has an error); the confirm
 * applies exactly the previewed text once (its digest and token), and when the people changed since the preview,
 * shows the new preview (409) instead of writing.
 */
export function csvImportPosts<
  Preview extends { plan: { counts: { error: number } } },
  Expected,
  Applied,
  Plan extends object,
>(deps: PageDeps, router: Router, im: CsvImport<Preview, Expected, Applied, Plan>): void {
  const admin = (handler: (req: Request, res: Response, ctx: PageContext) => Promise<void>) =>
    requireRole(deps, ['admin'], handler);
  const confirmSchema = z.object(previewed).and(im.expected);
  const problem = (l: Locale, p: FileProblem, field: 'file' | 'csv') =>
    csvFileProblem(l, im.messages, p, field);

  router.post(
    `${im.path}/preview`,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const upload = await readCsvUpload(req, res);
      if ('refused' in upload)
        switch (upload.refused) {
          case 'TOO_LARGE':
            return im.render(req, res, ctx, 422, {
              errors: problem(l, { code: 'TOO_LARGE', limit: CSV_IMPORT_MAX_BYTES }, 'file'),
            });
          case 'NOTHING_GIVEN':
            return im.render(req, res, ctx, 422, { errors: problem(l, { code: 'NOTHING_GIVEN' }, 'file') });
          case 'CONTROL_CHARACTERS':
            return sendControlCharactersRefused(req, res, deps.render, l);
        }
      const { bytes, field, csv } = upload;
      const me = await importAuthor(deps, ctx);
      if (!me) return sendStandardError(req, res, deps.render, l, 'badRequest');
      const preview = await im.preview({ tenantId: ctx.tenantId, importer: me.personId, bytes });
      if ('code' in preview)
        return im.render(req, res, ctx, 422, { errors: problem(l, preview, field), csv });
      await im.render(req, res, ctx, preview.plan.counts.error > 0 ? 422 : 200, { preview, csv });
    }),
  );

  router.post(
    `${im.path}/confirm`,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      await readConfirmForm(req, res);
      const parsed = confirmSchema.safeParse(req.body);
      const by = parsed.success ? await importAuthor(deps, ctx) : undefined;
      if (!parsed.success || !by) return sendStandardError(req, res, deps.render, l, 'badRequest');
      if (containsControlCharacters(parsed.data.text))
        return sendControlCharactersRefused(req, res, deps.render, l);
      const { text, sha256, token } = parsed.data;
      const outcome = await im.apply({ by, text, sha256, token, expected: parsed.data });
      switch (outcome.kind) {
        case 'applied':
          return redirectWithLtik(res, ctx.ltik, `${im.path}?done=applied&${im.appliedQuery(outcome)}`);
        case 'alreadyApplied':
          return redirectWithLtik(res, ctx.ltik, `${im.path}?done=already`);
        case 'notPreviewed':
          return sendStandardError(req, res, deps.render, l, 'badRequest');
        case 'changed': {
          // The people (or the organisation's groups) changed since the preview: show the file's preview again.
          if ('code' in outcome.plan)
            return im.render(req, res, ctx, 409, { errors: problem(l, outcome.plan, 'csv') });
          const preview = await im.preview({
            tenantId: ctx.tenantId,
            importer: by.personId,
            bytes: new TextEncoder().encode(text),
          });
          if ('code' in preview) return im.render(req, res, ctx, 409, { errors: problem(l, preview, 'csv') });
          return im.render(req, res, ctx, 409, {
            preview,
            errors: formErrors(l, fileFields(l, im.messages), [
              { field: 'csv', key: `${im.messages}.changed` },
            ]),
          });
        }
      }
    }),
  );
}
