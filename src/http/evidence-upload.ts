import type { Request, Response } from 'express';
import multer from 'multer';
import type { SentEvidenceFile } from '../domain/learning-record/evidence-file';

/** Why an upload could not be read: a file over the limit, or a body that is not one file and a form. */
export type EvidenceUploadProblem = 'tooLarge' | 'unreadable';

/** The form's fields (each at most 32 kB, as many as a log form with every skill set has) and at most one file. */
const FIELD_LIMITS = { fieldNameSize: 64, fieldSize: 32 * 1024, fields: 80, parts: 81, headerPairs: 8 };

/**
 * Reads a multipart form with at most one evidence file (field `evidenceFile`) of at most `maxBytes` into memory.
 * Called by a route only once the session and the right to attach evidence were checked: until then the body
 * stays unread on the socket (nothing before the routes parses multipart). A file over the limit stops the
 * reading there; the fields read before it (the form puts the file last) stay in req.body, so that the form
 * comes back with what was typed. A form that is not multipart (no file chosen in a browser without scripts
 * still posts multipart; a client may post urlencoded) is left as the session's parser read it.
 */
export function createEvidenceReader(maxBytes: number) {
  // multer drains the rest of a refused body before answering, so that a browser still sending it sees the form
  // come back instead of a reset connection.
  const parse = multer({
    storage: multer.memoryStorage(),
    // Browsers send the file's name in UTF-8 (a Thai name stays readable).
    defParamCharset: 'utf8',
    limits: { ...FIELD_LIMITS, fileSize: maxBytes, files: 1 },
  }).single('evidenceFile');

  return async function readEvidenceUpload(
    req: Request,
    res: Response,
  ): Promise<{ file?: SentEvidenceFile } | { problem: EvidenceUploadProblem }> {
    if (!req.is('multipart/form-data')) return {};
    // A body declared far larger than a file and a form can be is refused unread: the form comes back empty
    // (its fields were never read) rather than the tool reading the rest of it.
    if (Number(req.headers['content-length'] ?? 0) > 2 * maxBytes + 1024 * 1024) {
      res.setHeader('Connection', 'close');
      return { problem: 'tooLarge' };
    }
    try {
      await new Promise<void>((resolve, reject) =>
        parse(req, res, (err?: unknown) => (err ? reject(err) : resolve())),
      );
    } catch (err) {
      // What was read before the file stays (multer keeps the fields it appended); a part it refused leaves none.
      if (!req.body || typeof req.body !== 'object') req.body = {};
      return {
        problem:
          err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE' ? 'tooLarge' : 'unreadable',
      };
    }
    const f = req.file;
    // A browser posts an empty part with no name when no file was chosen.
    if (!f || (f.size === 0 && f.originalname === '')) return {};
    return { file: { name: f.originalname, bytes: f.buffer } };
  };
}
