import express, { type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { readHeldBody } from './held-body';
import { containsControlCharacters } from '../shared/control-characters';

/**
 * The upload of a CSV import (target groups, official results): a file's bytes or its text pasted, at most 1 MB,
 * read from a body held until the caller is known to be an administrator (see held-body.ts). The confirm that
 * follows a preview carries the text again, percent-encoded: up to 3 MB (`readConfirmForm`).
 */
export const CSV_IMPORT_MAX_BYTES = 1_000_000;

const multipart = multer({
  storage: multer.memoryStorage(),
  defParamCharset: 'utf8',
  limits: {
    fileSize: CSV_IMPORT_MAX_BYTES,
    fieldSize: CSV_IMPORT_MAX_BYTES,
    fieldNameSize: 16,
    files: 1,
    fields: 2,
    parts: 3,
    headerPairs: 8,
  },
}).single('file');
const pastedForm = express.urlencoded({ extended: false, limit: '3mb', parameterLimit: 8 });
const pastedSchema = z.object({ csv: z.string().max(CSV_IMPORT_MAX_BYTES).catch('') }).catch({ csv: '' });

export type CsvUpload =
  /** Over the size limit: nothing read further. */
  | { refused: 'TOO_LARGE' }
  /** The file's name carries control characters. */
  | { refused: 'CONTROL_CHARACTERS' }
  /** Neither a file chosen nor any text pasted ("Preview" pressed on an empty form). */
  | { refused: 'NOTHING_GIVEN' }
  /** The bytes to judge, the form field they came from, and the pasted text (to show again). */
  | { bytes: Uint8Array; field: 'file' | 'csv'; csv: string };

/** Reads a preview's upload: a multipart file, or a pasted text in a urlencoded form. */
export async function readCsvUpload(req: Request, res: Response): Promise<CsvUpload> {
  if (req.is('multipart/form-data')) {
    try {
      await readHeldBody(req, res, multipart);
    } catch (err) {
      if (!(err instanceof multer.MulterError)) throw err;
      req.body = {};
      return { refused: 'TOO_LARGE' };
    }
  } else await readHeldBody(req, res, pastedForm);
  const { csv } = pastedSchema.parse(req.body);
  if (containsControlCharacters(req.file?.originalname)) return { refused: 'CONTROL_CHARACTERS' };
  const file = req.file && req.file.size > 0 ? req.file : undefined;
  if (file) return { bytes: new Uint8Array(file.buffer), field: 'file', csv };
  if (csv.trim() !== '') return { bytes: new TextEncoder().encode(csv), field: 'csv', csv };
  // A file chosen with nothing in it is judged as the empty file it is; no file and no text is another problem.
  if (req.file && req.file.originalname !== '') return { bytes: new Uint8Array(), field: 'file', csv };
  return { refused: 'NOTHING_GIVEN' };
}

/** Reads a confirm's form (the previewed text sent again). */
export function readConfirmForm(req: Request, res: Response): Promise<void> {
  return readHeldBody(req, res, pastedForm);
}
