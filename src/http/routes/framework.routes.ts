import express, { type Request, type Response, type Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import {
  FrameworkFileError,
  readFrameworkText,
  type FrameworkFileProblem,
} from '../../config/framework-file';
import { FRAMEWORK_ENTRY } from '../../domain/framework/framework';
import { toMoodleCompetencyCsv } from '../../domain/framework/moodle-competency-csv';
import { FrameworkVersionChanged } from '../../domain/framework/framework-errors';
import type { FrameworkStore } from '../../use-cases/ports';
import { t, type Locale } from '../../i18n/i18n';
import type { LaunchContext } from '../../lti/launch-context';
import type { ToolRole } from '../../lti/roles';
import { sendPage, sendStandardError } from '../pages';
import type { RenderPage } from '../views';
import { frameworkViewModel } from '../view-models/framework.view-model';
import { switchLanguageUrl } from './landing';
import { requireRole, type PageContext } from '../middleware/require-role';
import { mayManageContentHere, requireContentManagement } from '../middleware/require-content-management';
import type { ContentManagementDeps } from '../../use-cases/content-management';
import { containsControlCharacters } from '../../shared/control-characters';
import { sendControlCharactersRefused } from '../middleware/control-characters';
import { readHeldBody } from '../held-body';

export interface FrameworkRouteDeps extends ContentManagementDeps {
  render: RenderPage;
  defaultLocale: Locale;
  frameworks: FrameworkStore;
  session(res: Response): { launch: LaunchContext; ltik: string } | undefined;
  tenantIdOf(launch: LaunchContext): Promise<number>;
}

/** The most a pasted framework, or an uploaded file, may hold. */
const MAX_IMPORT_BYTES = 2_000_000;
const importSchema = z.object({ json: z.string().min(1).max(MAX_IMPORT_BYTES) });

type UploadProblem = 'tooLarge' | 'badUpload';

/**
 * The multipart import as the form sends it: the textarea (`json`, the only field, at most MAX_IMPORT_BYTES)
 * and one file of at most MAX_IMPORT_BYTES, read into memory. Nothing else: any other field or file, or a longer
 * field name or more headers, is refused as a bad upload, so one request holds at most these two.
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
    req.body = {};
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
    p.entry && p.entry !== FRAMEWORK_ENTRY ? t(l, 'framework.problem.entry', { entry: p.entry }) : p.entry,
    p.field && t(l, 'framework.problem.field', { field: p.field }),
    message,
  ]
    .filter(Boolean)
    .join(': ');
}
const chooseSchema = z.object({ framework: z.string().min(1).max(100) });

/**
 * The tenant's skills framework: everyone may read it; instructors and administrators export it (JSON, and
 * the CSV Moodle's competency import reads); those who manage the organisation's content (administrators and
 * named content managers) import a framework and choose the tenant's.
 */
export function frameworkRoutes(deps: FrameworkRouteDeps): Router {
  const router = express.Router();

  type Ctx = PageContext;
  const guarded = (roles: ToolRole[], handler: (req: Request, res: Response, ctx: Ctx) => Promise<void>) =>
    requireRole(deps, roles, handler);

  async function renderPage(
    req: Request,
    res: Response,
    ctx: Ctx,
    status = 200,
    form?: { json: string; problems: string[] },
  ) {
    const current = await deps.frameworks.forTenant(ctx.tenantId);
    const all = await deps.frameworks.listLatest();
    const canManage = await mayManageContentHere(deps, ctx);
    const l = ctx.locale;
    sendPage(res, deps.render, status, 'framework', {
      locale: l,
      title: t(l, 'framework.title'),
      ltik: ctx.ltik,
      langSwitchUrl: switchLanguageUrl(req, l, ctx.ltik),
      framework: frameworkViewModel(current.framework, l),
      canExport: ctx.launch.role !== 'learner',
      canManage,
      choices: all.map((s) => ({
        code: s.framework.id,
        name: s.framework.name[l],
        version: s.framework.version,
        selected: s.framework.id === current.framework.id,
      })),
      importForm: form ?? { json: '', problems: [] },
    });
  }

  router.get(
    '/app/framework',
    guarded(['learner', 'instructor', 'admin'], (req, res, ctx) => renderPage(req, res, ctx)),
  );

  router.get(
    '/app/framework/export.json',
    guarded(['instructor', 'admin'], async (_req, res, ctx) => {
      const { framework } = await deps.frameworks.forTenant(ctx.tenantId);
      res
        .type('application/json')
        .attachment(`${framework.id}-${framework.version}.json`)
        .send(JSON.stringify(framework, null, 2));
    }),
  );

  router.get(
    '/app/framework/export.csv',
    guarded(['instructor', 'admin'], async (req, res, ctx) => {
      const { framework } = await deps.frameworks.forTenant(ctx.tenantId);
      const lang: Locale = req.query.lang === 'en' ? 'en' : req.query.lang === 'th' ? 'th' : ctx.locale;
      // The BOM makes Excel read the Thai text as UTF-8; Moodle's importer accepts it.
      res
        .type('text/csv; charset=utf-8')
        .attachment(`${framework.id}-${framework.version}-moodle-${lang}.csv`)
        .send(`\uFEFF${toMoodleCompetencyCsv(framework, lang)}`);
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
      const refuse = (problems: string[]) => renderPage(req, res, ctx, 422, { json, problems });
      if (upload) return refuse([t(l, `framework.import.${upload}`)]);
      // A chosen file wins over the pasted text.
      const file = req.file && req.file.size > 0 ? req.file : undefined;
      let text = json;
      let source = t(l, 'framework.import.pasted');
      if (file) {
        source = file.originalname.slice(0, 200) || 'upload.json';
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(file.buffer);
        } catch {
          return refuse([`${source}: ${t(l, 'framework.import.notUtf8')}`]);
        }
      } else if (!parsed.success) return refuse([`${source}: ${t(l, 'framework.import.empty')}`]);
      if (containsControlCharacters(text)) return sendControlCharactersRefused(req, res, deps.render, l);
      try {
        const framework = readFrameworkText(text, source);
        // JSON escapes (`\u0000`, `\u0001`) pass as plain text above and become control characters only here.
        if (containsControlCharacters(framework))
          return sendControlCharactersRefused(req, res, deps.render, l);
        await deps.frameworks.load([framework], 'import');
        await deps.frameworks.chooseForTenant(ctx.tenantId, framework.id);
        res.redirect(303, `/app/framework?ltik=${encodeURIComponent(ctx.ltik)}`);
      } catch (err) {
        if (err instanceof FrameworkFileError) {
          await refuse(err.problems.map((p) => problemLine(l, p, text)));
          return;
        }
        if (err instanceof FrameworkVersionChanged) {
          await renderPage(req, res, ctx, 422, {
            json,
            problems: [
              t(ctx.locale, 'framework.import.versionChanged', {
                framework: err.framework,
                version: err.version,
              }),
            ],
          });
          return;
        }
        throw err;
      }
    }),
  );

  router.post(
    '/app/framework/choose',
    express.urlencoded({ extended: false, limit: '4kb' }),
    requireContentManagement(deps, async (req, res, ctx) => {
      const parsed = chooseSchema.safeParse(req.body);
      const known = parsed.success && (await deps.frameworks.latest(parsed.data.framework));
      if (!parsed.success || !known) {
        sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
        return;
      }
      await deps.frameworks.chooseForTenant(ctx.tenantId, parsed.data.framework);
      res.redirect(303, `/app/framework?ltik=${encodeURIComponent(ctx.ltik)}`);
    }),
  );

  return router;
}
