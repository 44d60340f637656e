import express, { type Request, type Response, type Router } from 'express';
import { evidenceFileIdSchema, entryIdSchema } from '../../shared/id-schemas';
import { t } from '../../i18n/i18n';
import { addEvidenceFile, getEvidenceFile, removeEvidenceFile } from '../../use-cases/evidence-files';
import { evidenceProblem } from '../../use-cases/log-learning';
import type { EvidenceChangeRefusal } from '../../use-cases/ports/evidence';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { redirectWithLtik, sendErrorPage, sendStandardError } from '../pages';
import { HISTORY_HREF } from '../navigation';
import { createEvidenceReader } from '../evidence-upload';
import { sendControlCharactersRefused } from '../middleware/control-characters';
import { containsControlCharacters } from '../../shared/control-characters';
import { fileSizeText } from '../view-models/evidence.view-model';

/**
 * A download's name for Content-Disposition: an ASCII fallback (`filename`, other characters as `_`) and the
 * name itself in UTF-8 (`filename*`, RFC 5987 / RFC 6266), so that a Thai name arrives as it was.
 */
export function attachmentHeader(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** What a downloaded file may do when opened from the tool's origin: nothing (no script, no fetch, no frame). */
const SANDBOX_POLICY = "sandbox; default-src 'none'";

/**
 * Evidence files of logged learning: the download (to the person, the instructors of the entry's course and
 * administrators; anyone else gets the 404 of a file that does not exist), and, on one's own entry while it
 * waits for review, attaching another file and removing one.
 */
export function evidenceRoutes(deps: PageDeps & { evidenceMaxBytes: number }): Router {
  const router = express.Router();
  const everyone = ['learner', 'instructor', 'admin'] as const;
  const readEvidenceUpload = createEvidenceReader(deps.evidenceMaxBytes);

  async function me(req: Request, res: Response, ctx: PageContext) {
    const learner = await deps.learnerOf(ctx.launch, ctx.tenantId);
    if (!learner) sendStandardError(req, res, deps.render, ctx.locale, 'forbidden');
    return learner;
  }

  function refused(
    req: Request,
    res: Response,
    ctx: PageContext,
    why: Exclude<EvidenceChangeRefusal, 'tooMany'>,
  ) {
    if (why === 'notFound') return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
    const l = ctx.locale;
    sendErrorPage(req, res, deps.render, l, {
      status: 409,
      heading: t(l, 'evidence.notPending.title'),
      message: t(l, 'evidence.notPending.body'),
    });
  }

  router.get(
    '/app/evidence/:file',
    requireRole(deps, everyone, async (req, res, ctx) => {
      const id = evidenceFileIdSchema.safeParse(req.params.file);
      if (!id.success) return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      const viewer = await me(req, res, ctx);
      if (!viewer) return;
      const file = await getEvidenceFile(deps, {
        viewer: { ...viewer, role: ctx.launch.role },
        fileId: id.data,
      });
      if (file === 'notFound') return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      res.status(200);
      res.setHeader('Content-Type', file.mediaType);
      res.setHeader('Content-Length', String(file.bytes.length));
      res.setHeader('Content-Disposition', attachmentHeader(file.name));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', SANDBOX_POLICY);
      res.setHeader('Cache-Control', 'private, no-store');
      res.end(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
    }),
  );

  // Another file for one's own entry waiting for review (multipart, read once the session was checked).
  router.post(
    '/app/evidence/entry/:entry',
    requireRole(deps, everyone, async (req, res, ctx) => {
      const l = ctx.locale;
      const entry = entryIdSchema.safeParse(req.params.entry);
      if (!entry.success) return sendStandardError(req, res, deps.render, l, 'notFound');
      const owner = await me(req, res, ctx);
      if (!owner) return;
      const upload = await readEvidenceUpload(req, res);
      if (containsControlCharacters(req.body)) return sendControlCharactersRefused(req, res, deps.render, l);
      const limit = fileSizeText(l, deps.evidenceMaxBytes);
      if ('problem' in upload || !upload.file)
        return sendErrorPage(req, res, deps.render, l, {
          status: 'problem' in upload && upload.problem === 'tooLarge' ? 413 : 422,
          heading: t(l, 'record.field.evidenceFile'),
          message: t(
            l,
            'problem' in upload && upload.problem === 'tooLarge'
              ? 'record.problem.EVIDENCE_TOO_LARGE'
              : 'record.problem.EVIDENCE_UNREADABLE',
            { limit },
          ),
        });
      const added = await addEvidenceFile(deps, { owner, entryId: entry.data, file: upload.file });
      if (typeof added === 'string') return refused(req, res, ctx, added);
      if ('problems' in added) {
        const p = evidenceProblem(added.problems[0]!);
        return sendErrorPage(req, res, deps.render, l, {
          status: 422,
          heading: t(l, 'record.field.evidenceFile'),
          message: t(l, `record.problem.${p.code}`, p.params ?? {}),
        });
      }
      redirectWithLtik(res, ctx.ltik, `${HISTORY_HREF}?evidence=added`);
    }),
  );

  router.post(
    '/app/evidence/:file/remove',
    express.urlencoded({ extended: false, limit: '1kb', parameterLimit: 4 }),
    requireRole(deps, everyone, async (req, res, ctx) => {
      const id = evidenceFileIdSchema.safeParse(req.params.file);
      if (!id.success) return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      const owner = await me(req, res, ctx);
      if (!owner) return;
      const removed = await removeEvidenceFile(deps, { owner, fileId: id.data });
      if (typeof removed === 'string') return refused(req, res, ctx, removed);
      redirectWithLtik(res, ctx.ltik, `${HISTORY_HREF}?evidence=removed`);
    }),
  );

  return router;
}
