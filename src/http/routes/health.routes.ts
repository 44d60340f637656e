import express, { type Router } from 'express';

export interface HealthDeps {
  /** Answers when the database does; throws otherwise. */
  ping(): Promise<void>;
  /** Migrations not yet applied to the database (an upgrade in progress). */
  pendingMigrations(): Promise<string[]>;
}

/** /healthz (the process and its database answer) and /readyz (and the schema is this version's), as JSON. */
export function healthRoutes(deps: HealthDeps): Router {
  const router = express.Router();

  router.get('/healthz', async (req, res) => {
    try {
      await deps.ping();
      res.json({ status: 'ok' });
    } catch (err) {
      req.log.warn({ err: { message: (err as Error).message } }, 'health check failed');
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });

  router.get('/readyz', async (req, res) => {
    try {
      const pending = await deps.pendingMigrations();
      if (pending.length) {
        res.status(503).json({ status: 'not ready', pendingMigrations: pending });
        return;
      }
      res.json({ status: 'ready' });
    } catch (err) {
      req.log.warn({ err: { message: (err as Error).message } }, 'readiness check failed');
      res.status(503).json({ status: 'not ready', database: 'unreachable' });
    }
  });

  return router;
}

/** Paths the load shedding never turns away: an orchestrator must see the instance is alive when it is busy. */
export const HEALTH_PATHS: readonly string[] = ['/healthz', '/readyz'];
