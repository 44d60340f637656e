import express, { type Request, type Response, type Router } from 'express';
import type { PersonId, TenantId } from '../../shared/ids';
import multer from 'multer';
import { z } from 'zod';
import { sendCsvDocument } from '../csv';
import {
  FrameworkFileError,
  isAboutTheFramework,
  readFrameworkText,
  type FrameworkFileProblem,
} from '../../content/framework-file';
import { exportFrameworkForMoodle } from '../../use-cases/export-framework-for-moodle';
import { importFramework } from '../../use-cases/import-framework';
import { chooseFramework } from '../../use-cases/choose-framework';
import { getFrameworks } from '../../use-cases/get-frameworks';
import { previewFrameworkChoice } from '../../use-cases/preview-framework-choice';
import type { UseCaseDeps } from '../../use-cases/deps';
import { frameworkChoiceViewModel } from '../view-models/framework-choice.view-model';
import { getFramework } from '../../use-cases/get-framework';
import type { FrameworkStore } from '../../use-cases/ports';
import { t, type Locale } from '../../i18n/i18n';
import type { LaunchContext } from '../../lti/launch-context';
import type { ToolRole } from '../../lti/roles';
import { redirectWithLtik, renderPage, sendStandardError } from '../pages';
import type { RenderPage } from '../views';
import { frameworkViewModel } from '../view-models/framework.view-model';
import { requireRole, type PageContext } from '../middleware/require-role';
import { mayManageContentHere, requireContentManagement } from '../middleware/require-content-management';
import type { ContentManagementDeps } from '../../use-cases/can-manage-content';
import { formErrors, NO_ERRORS, type FieldProblem, type FormField } from '../form-errors';
import { containsControlCharacters } from '../../shared/control-characters';
import { sendControlCharactersRefused } from '../middleware/control-characters';
import { readHeldBody } from '../held-body';
import { lmsOf } from '../lms-origin';
import { isolated } from '../bidi';

export interface FrameworkRouteDeps
  extends
    ContentManagementDeps,
    Pick<UseCaseDeps, 'rules' | 'counting' | 'shippedAssessments' | 'crosswalks'> {
  render: RenderPage;
  defaultLocale: Locale;
  frameworks: FrameworkStore;
  session(res: Response): { launch: LaunchContext; ltik: string } | undefined;
  tenantIdOf(launch: LaunchContext): Promise<TenantId>;
  /** The person of the session: who the audit log names for an import or a choice. */
  learnerOf(launch: LaunchContext, tenantId: TenantId): Promise<{ personId: PersonId } | undefined>;
}

/** The most a pasted framework, or an uploaded file, may hold. */
const MAX_IMPORT_BYTES = 2_000_000;
const importSchema = z.object({ json: z.string().min(1).max(MAX_IMPORT_BYTES) });

type UploadProblem = 'tooLarge' | 'badUpload';

/**
 * Reads a multipart import (the file, and the textarea as a field) into memory, at most one file of
 * MAX_IMPORT_BYTES; a refused upload is noted for the handler, which answers with the form, never a 5xx.
 */
const multipart = multer({
  storage: multer.memoryStorage(),
  // Browsers send the file's name in UTF-8 (a Thai name stays readable).
  defParamCharset: 'utf8',
  limits: {
    fileSize: MAX_IMPORT_BYTES,
    fieldSize: MAX_IMPORT_BYTES,
    fieldNameSize: 16,
    files: 1,
    fields: 1,
    parts: 2,
    headerPairs: 8,
  },
}).single('file');

/** The pasted form without a file (`json`, and the ltik where a client sends it in the body). */
const pastedForm = express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 4 });

/**
 * Reads the import's body, held until the caller was found to manage content (see held-body.ts): multipart
 * with multer, a plain form with `pastedForm`. A refused upload is returned for the handler, which answers with
 * the form, never a 5xx; a form over its limits rejects with body-parser's 413.
 */
async function readImport(req: Request, res: Response): Promise<UploadProblem | undefined> {
  if (!req.is('multipart/form-data')) {
    await readHeldBody(req, res, pastedForm);
    return undefined;
  }
  try {
    await readHeldBody(req, res, multipart);
    return undefined;
  } catch (err) {
    // The pasted text read before the file stays, so that the form comes back with it.
    const pasted = (req.body as Record<string, unknown> | undefined)?.json;
    req.body = typeof pasted === 'string' ? { json: pasted } : {};
    return err instanceof multer.MulterError &&
      (err.code === 'LIMIT_FILE_SIZE' || err.code === 'LIMIT_FIELD_VALUE')
      ? 'tooLarge'
      : 'badUpload';
  }
}

/** One problem as a sentence in the reader's language, naming the entry (`skillSets[0] (DL)`) and the field. */
function problemLine(l: Locale, p: FrameworkFileProblem, text: string): string {
  let message: string;
  const detail = String(p.params?.detail ?? '');
  const position = /position (\d+)/.exec(detail);
  if (p.code === 'NOT_JSON' && position) {
    const before = text.replace(/^\uFEFF/, '').slice(0, Number(position[1]));
    const lines = before.split('\n');
    message = t(l, 'framework.problem.NOT_JSON_AT', {
      line: lines.length,
      column: lines[lines.length - 1]!.length + 1,
    });
  } else message = t(l, `framework.problem.${p.code}`, p.params ?? {});
  return [
    p.file,
    p.entry && !isAboutTheFramework(p) ? t(l, 'framework.problem.entry', { entry: p.entry }) : p.entry,
    p.field && t(l, 'framework.problem.field', { field: p.field }),
    message,
  ]
    .filter(Boolean)
    .join(': ');
}
/** The framework just imported (`?imported=<code>` after an import), for the notice that says what it changed. */
const importedQuery = z.string().min(1).max(100).optional().catch(undefined);

const chooseSchema = z.object({
  framework: z.string().min(1).max(100),
  confirm: z.literal('1').optional().catch(undefined),
});

/** The import form's two ways in, in page order: the pasted text and the file. */
const importFormFields = (l: Locale): FormField[] => [
  { field: 'json', id: 'framework-json', label: t(l, 'framework.field.json') },
  { field: 'file', id: 'framework-file', label: t(l, 'framework.field.file') },
];

/** The problems of each way in, all listed at its field; the summary gives the first and how many there are. */
type ImportProblems = { json: string[]; file: string[] };
function importFieldProblems(l: Locale, problems: ImportProblems): FieldProblem[] {
  // In the summary the field's label already says the text was pasted; a file's problems keep the file's name.
  const pasted = `${t(l, 'framework.import.pasted')}: `;
  return (['json', 'file'] as const)
    .filter((field) => problems[field].length > 0)
    .map((field) => {
      const first = problems[field][0]!;
      return {
        field,
        key: problems[field].length > 1 ? 'framework.import.problems' : 'framework.import.problem',
        params: {
          first: field === 'json' && first.startsWith(pasted) ? first.slice(pasted.length) : first,
          count: problems[field].length,
        },
      };
    });
}

/**
 * The tenant's skills framework: everyone may read it; instructors and administrators export it (JSON, and
 * the CSV Moodle's competency import reads); those who manage the organisation's content (administrators and
 * named content managers) import a framework and choose the tenant's.
 */
export function frameworkRoutes(deps: FrameworkRouteDeps): Router {
  const router = express.Router();

  type Ctx = PageContext;
  /** Who makes a change, for the audit log: the session's person (a launch always recorded them). */
  const author = async (ctx: Ctx) => {
    const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
    return me && { tenantId: ctx.tenantId, personId: me.personId, lms: lmsOf(ctx.launch) };
  };
  const guarded = (roles: ToolRole[], handler: (req: Request, res: Response, ctx: Ctx) => Promise<void>) =>
    requireRole(deps, roles, handler);

  async function renderFrameworkPage(
    req: Request,
    res: Response,
    ctx: Ctx,
    status = 200,
    form?: { json: string; problems: ImportProblems },
  ) {
    const { current, all, crosswalks } = await getFrameworks(deps, ctx.tenantId);
    const canManage = await mayManageContentHere(deps, ctx);
    const l = ctx.locale;
    const justImported = importedQuery.parse(req.query.imported);
    const imported = justImported ? all.find((s) => s.framework.id === justImported) : undefined;
    const params = (f: { name: { th: string; en: string }; version: string }) => ({
      name: isolated(f.name[l]),
      version: f.version,
      current: isolated(current.framework.name[l]),
    });
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'framework',
      {
        title: t(l, 'framework.title'),
        framework: frameworkViewModel(current.framework, l, crosswalks),
        canExport: ctx.launch.role !== 'learner',
        canManage: canManage || ctx.launch.role === 'admin',
        canChoose: ctx.launch.role === 'admin',
        choices: all.map((s) => ({
          code: s.framework.id,
          name: s.framework.name[l],
          version: s.framework.version,
          selected: s.framework.id === current.framework.id,
        })),
        importForm: {
          json: form?.json ?? '',
          problems: form?.problems ?? { json: [], file: [] },
        },
        errors: form ? formErrors(l, importFormFields(l), importFieldProblems(l, form.problems)) : NO_ERRORS,
        // An import adds a framework; using it is an administrator's choice, after the preview of what it changes.
        ...(imported && !form
          ? {
              imported:
                imported.framework.id === current.framework.id
                  ? { text: t(l, 'framework.imported.inUse', params(imported.framework)) }
                  : {
                      text:
                        t(l, 'framework.imported.notInUse', params(imported.framework)) +
                        (ctx.launch.role === 'admin' ? '' : ` ${t(l, 'framework.imported.adminChooses')}`),
                      ...(ctx.launch.role === 'admin'
                        ? {
                            choose: {
                              href: `/app/framework/choose?framework=${encodeURIComponent(imported.framework.id)}`,
                              text: t(l, 'framework.imported.choose'),
                            },
                          }
                        : {}),
                    },
            }
          : {}),
      },
      status,
    );
  }

  router.get(
    '/app/framework',
    guarded(['learner', 'instructor', 'admin'], (req, res, ctx) => renderFrameworkPage(req, res, ctx)),
  );

  router.get(
    '/app/framework/export.json',
    guarded(['instructor', 'admin'], async (_req, res, ctx) => {
      const { framework } = await getFramework(deps, ctx.tenantId);
      res
        .type('application/json')
        .attachment(`${framework.id}-${framework.version}.json`)
        .send(JSON.stringify(framework, null, 2));
    }),
  );

  router.get(
    '/app/framework/export.csv',
    guarded(['instructor', 'admin'], async (req, res, ctx) => {
      const lang: Locale = req.query.lang === 'en' ? 'en' : req.query.lang === 'th' ? 'th' : ctx.locale;
      const { framework, csv } = await exportFrameworkForMoodle(deps, {
        tenantId: ctx.tenantId,
        locale: lang,
      });
      sendCsvDocument(res, `${framework.id}-${framework.version}-moodle-${lang}.csv`, csv);
    }),
  );

  router.post(
    '/app/framework/import',
    requireContentManagement(deps, async (req, res, ctx) => {
      const l = ctx.locale;
      const upload = await readImport(req, res);
      // Read after the middleware that refuses control characters in forms: the same check here.
      if (containsControlCharacters(req.body) || containsControlCharacters(req.file?.originalname))
        return sendControlCharactersRefused(req, res, deps.render, l);
      const parsed = importSchema.safeParse(req.body);
      const json = parsed.success ? parsed.data.json : '';
      const problems: ImportProblems = { json: [], file: [] };
      if (upload) problems.file.push(t(l, `framework.import.${upload}`));
      /** A framework read from one way in, or its problems noted against that field. */
      const read = (text: string, source: string, field: keyof ImportProblems) => {
        try {
          return readFrameworkText(text, source);
        } catch (err) {
          if (!(err instanceof FrameworkFileError)) throw err;
          problems[field].push(...err.problems.map((p) => problemLine(l, p, text)));
          return undefined;
        }
      };
      // A chosen file wins over the pasted text; the text is checked too when the file cannot be imported, so that
      // every problem is reported at once.
      const file = req.file && req.file.size > 0 ? req.file : undefined;
      let framework: ReturnType<typeof readFrameworkText> | undefined;
      let from: keyof ImportProblems = 'file';
      if (file) {
        const source = file.originalname.slice(0, 200) || 'upload.json';
        let text: string | undefined;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(file.buffer);
        } catch {
          problems.file.push(`${source}: ${t(l, 'framework.import.notUtf8')}`);
        }
        if (text !== undefined && containsControlCharacters(text))
          return sendControlCharactersRefused(req, res, deps.render, l);
        if (text !== undefined) framework = read(text, source, 'file');
      }
      if (!framework) {
        const pasted = t(l, 'framework.import.pasted');
        if (json.trim() !== '') {
          const fromText = read(json, pasted, 'json');
          if (!file && !upload) {
            framework = fromText;
            from = 'json';
          }
        } else if (!file && !upload) problems.json.push(`${pasted}: ${t(l, 'framework.import.empty')}`);
      }
      const refuse = () => renderFrameworkPage(req, res, ctx, 422, { json, problems });
      if (!framework || problems.json.length + problems.file.length > 0) return refuse();
      // JSON escapes (`\u0000`, `\u0001`) pass as plain text above and become control characters only here.
      if (containsControlCharacters(framework)) return sendControlCharactersRefused(req, res, deps.render, l);
      const by = await author(ctx);
      if (!by) return sendStandardError(req, res, deps.render, l, 'badRequest');
      const imported = await importFramework(deps, { by, framework });
      if ('versionChanged' in imported) {
        problems[from].push(t(l, 'framework.import.versionChanged', imported.versionChanged));
        return refuse();
      }
      redirectWithLtik(res, ctx.ltik, `/app/framework?imported=${encodeURIComponent(imported.imported.id)}`);
    }),
  );

  /** The confirmation of a change of framework: what it changes, and what an administrator must fix after it. */
  async function renderChoice(req: Request, res: Response, ctx: Ctx, code: string): Promise<void> {
    const preview = await previewFrameworkChoice(deps, { tenantId: ctx.tenantId, code });
    if (preview === 'unknown') return sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
    renderPage(req, res, deps.render, ctx, 'framework-choice', frameworkChoiceViewModel(preview, ctx.locale));
  }

  // Which framework drives the organisation's targets and eligibility is the administrators' choice (issue #18
  // item 6); content managers import frameworks but do not choose one.
  router.get(
    '/app/framework/choose',
    guarded(['admin'], async (req, res, ctx) => {
      const parsed = chooseSchema.safeParse(req.query);
      if (!parsed.success) return sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
      await renderChoice(req, res, ctx, parsed.data.framework);
    }),
  );

  router.post(
    '/app/framework/choose',
    express.urlencoded({ extended: false, limit: '4kb' }),
    guarded(['admin'], async (req, res, ctx) => {
      const parsed = chooseSchema.safeParse(req.body);
      if (!parsed.success) return sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
      const { framework: code, confirm } = parsed.data;
      // A change asks for confirmation first (the page lists what it changes); choosing the one in use changes nothing.
      if (confirm !== '1') {
        const { framework } = await getFramework(deps, ctx.tenantId);
        if (framework.id !== code) return renderChoice(req, res, ctx, code);
      }
      const by = await author(ctx);
      const chosen = by && (await chooseFramework(deps, { by, code }));
      if (chosen !== 'chosen') return sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
      redirectWithLtik(res, ctx.ltik, `/app/framework`);
    }),
  );

  return router;
}
