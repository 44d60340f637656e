import path from 'node:path';
import type { Request, Response, Router } from 'express';
import express from 'express';

/**
 * The typeface, Sarabun (SIL Open Font Licence), served from the @fontsource/sarabun package: only the files
 * static/app.css names (Thai and Latin, regular and semibold, woff2), so nothing comes from a CDN and nothing else
 * of the package is reachable. A file's name never changes for other contents within a major version of the
 * package, so browsers may keep them for a year.
 */
export const FONT_FILES = [
  'sarabun-thai-400-normal.woff2',
  'sarabun-latin-400-normal.woff2',
  'sarabun-thai-600-normal.woff2',
  'sarabun-latin-600-normal.woff2',
] as const;

export const FONT_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** Mounted at /static/fonts. */
export function fontRoutes(): Router {
  const router = express.Router();
  const dir = path.dirname(require.resolve('@fontsource/sarabun/files/sarabun-thai-400-normal.woff2'));
  for (const file of FONT_FILES) {
    const full = path.join(dir, file);
    router.get(`/${file}`, (_req: Request, res: Response, next) => {
      res.sendFile(full, { headers: { 'Cache-Control': FONT_CACHE_CONTROL }, cacheControl: false }, (err) => {
        if (err) next(err);
      });
    });
  }
  return router;
}
