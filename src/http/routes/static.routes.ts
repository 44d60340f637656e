import path from 'node:path';
import express, { type Router } from 'express';
import { projectRoot } from '../../shared/paths';
import { fontRoutes } from '../fonts';

/** The pages' scripts, styles, fonts and pictures (static/), and the favicon every browser asks for. */
export function staticRoutes(): Router {
  const router = express.Router();
  router.use('/static/fonts', fontRoutes());
  router.use('/static', express.static(path.join(projectRoot(), 'static'), { maxAge: '1h', index: false }));
  // Every browser asks for it: an empty answer, not a 404 page and a warning in the log per visit.
  router.get('/favicon.ico', (_req, res) => {
    res.status(204).set('Cache-Control', 'public, max-age=86400').end();
  });
  return router;
}
