import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { Database } from './database';
import {
  array,
  bool,
  firstRow,
  int,
  nullable,
  object,
  oneRow,
  optional,
  rows,
  text,
  timestamp,
} from './decode';
import { encrypt } from './key-encryption';
import { TtlCache } from '../shared/ttl-cache';
import type { PlatformActor } from '../use-cases/ports/audit';
import { writePlatformAudit } from './audit.repository';
import type { DeploymentRegistry, PlatformRegistration } from '../use-cases/ports';

const generateKeyPair = promisify(crypto.generateKeyPair);

export type { PlatformRegistration };

export interface RegisteredPlatform extends PlatformRegistration {
  kid: string;
  active: boolean;
  createdAt: Date;
}

export class PlatformAlreadyRegistered extends Error {
  readonly code = 'PLATFORM.ALREADY_REGISTERED';
  constructor(issuer: string, clientId: string) {
    super(`A platform with issuer ${issuer} and client id ${clientId} is already registered`);
  }
}

export class PlatformNotFound extends Error {
  readonly code = 'PLATFORM.NOT_FOUND';
  constructor(issuer: string, clientId?: string) {
    super(`No platform registered with issuer ${issuer}${clientId ? ` and client id ${clientId}` : ''}`);
  }
}

export class DeploymentNotRegistered extends Error {
  readonly code = 'PLATFORM.DEPLOYMENT_NOT_REGISTERED';
  constructor(issuer: string, deploymentId: string) {
    super(`Deployment id ${deploymentId} is not registered for issuer ${issuer}`);
  }
}

export class DeploymentAlreadySplit extends Error {
  readonly code = 'PLATFORM.DEPLOYMENT_ALREADY_SPLIT';
  constructor(
    issuer: string,
    deploymentId: string,
    readonly organisation: { id: number; name: string | null },
  ) {
    super(`Deployment id ${deploymentId} of issuer ${issuer} is already an organisation of its own`);
  }
}

/** An organisation (tenant): the issuer's own, or one a deployment was split off into. */
export interface Organisation {
  id: number;
  issuer: string;
  /** Set for a deployment split off into its own organisation; absent for the issuer's organisation. */
  deploymentId?: string;
  name?: string;
  people: number;
}

/** A platform as stored in ltijs' platform table (its document) with its status and our deployment ids. */
const platformRow = object({
  kid: text,
  doc: object({
    platformName: text,
    platformUrl: text,
    clientId: text,
    authEndpoint: text,
    accesstokenEndpoint: text,
    authorizationServer: optional(text),
    authConfig: object({ method: text, key: text }),
  }),
  created_at: timestamp,
  active: nullable(bool),
  deployments: nullable(array(text)),
});
const tenantNameRow = object({ id: int, name: nullable(text) });
const organisationRow = object({
  id: int,
  issuer: text,
  deployment_id: nullable(text),
  name: nullable(text),
  platform_name: nullable(text),
  people: int,
});

/**
 * Every change to the registry writes its audit row (platform_audit_log) in its own transaction. `by` says who made
 * it: the operator of the command line unless the caller says otherwise (Dynamic Registration, the demo LMS).
 */
const OPERATOR: PlatformActor = { kind: 'operator' };

/**
 * Platforms live in the tables ltijs kept them in (lti-registry.repository.ts reads them for the launch) plus our
 * deployment registry. Registration writes
 * the platform, its status, the tool's key pair for it (encrypted as ltijs does) and its deployment ids in
 * one transaction. The RSA key is generated asynchronously, never on a request path.
 */
export function createPlatformRepository(
  db: Database,
  encryptionKey: string,
  options: {
    modulusLength?: number;
    /** Positive answers to exists/isRegistered are reused this long (launch path); misses never are. */
    cacheMs?: number;
    /**
     * Called after every change, e.g. so that the launch's cached platform reads are dropped; the change resolves once
     * what it returns has (so that the next request sees the new registry in what was derived from it).
     */
    onChange?: () => void | Promise<void>;
    /** The cache's clock (tests). */
    now?: () => number;
  } = {},
) {
  const modulusLength = options.modulusLength ?? 2048;
  const known = new TtlCache<true>(options.cacheMs ?? 5000, 10_000, options.now);
  const changed = async () => {
    known.clear();
    await options.onChange?.();
  };

  const registry: DeploymentRegistry & {
    add(p: PlatformRegistration, by?: PlatformActor): Promise<RegisteredPlatform>;
    exists(issuer: string, clientId?: string): Promise<boolean>;
    status(issuer: string, clientId?: string): Promise<'unknown' | 'inactive' | 'active'>;
    setActive(issuer: string, clientId: string, active: boolean): Promise<void>;
    list(): Promise<RegisteredPlatform[]>;
    remove(
      issuer: string,
      clientId?: string,
      by?: PlatformActor,
    ): Promise<{ platforms: number; sessions: number; grades: number }>;
    addDeployments(
      issuer: string,
      clientId: string,
      deploymentIds: string[],
      by?: PlatformActor,
    ): Promise<void>;
    splitDeployment(
      issuer: string,
      deploymentId: string,
      name: string,
      by?: PlatformActor,
    ): Promise<{ organisation: Organisation; from?: { id: number; name?: string }; sessions: number }>;
    organisations(issuer?: string): Promise<Organisation[]>;
  } = {
    async isRegistered(issuer, clientId, deploymentId) {
      const key = JSON.stringify(['deployment', issuer, clientId, deploymentId]);
      if (known.get(key)) return true;
      const rows = await db.query(
        'SELECT 1 FROM lti_deployments WHERE issuer = $1 AND client_id = $2 AND deployment_id = $3',
        [issuer, clientId, deploymentId],
      );
      if (rows.length > 0) known.set(key, true);
      return rows.length > 0;
    },

    async exists(issuer, clientId) {
      const key = JSON.stringify(['platform', issuer, clientId ?? null]);
      if (known.get(key)) return true;
      const rows = clientId
        ? await db.query('SELECT 1 FROM ltijs.platform WHERE platform_url = $1 AND client_id = $2', [
            issuer,
            clientId,
          ])
        : await db.query('SELECT 1 FROM ltijs.platform WHERE platform_url = $1 LIMIT 1', [issuer]);
      if (rows.length > 0) known.set(key, true);
      return rows.length > 0;
    },

    /** 'active' answers are reused for cacheMs like the other registry reads; setActive clears them. */
    async status(issuer, clientId) {
      const key = JSON.stringify(['active', issuer, clientId ?? null]);
      if (known.get(key)) return 'active';
      const row = await firstRow(
        db,
        object({ active: nullable(bool) }),
        `SELECT (s.doc->>'active')::boolean AS active
           FROM ltijs.platform p LEFT JOIN ltijs.platform_status s ON s.id = p.kid
          WHERE p.platform_url = $1 AND ($2::text IS NULL OR p.client_id = $2)
          ORDER BY active DESC NULLS FIRST LIMIT 1`,
        [issuer, clientId ?? null],
      );
      if (!row) return 'unknown';
      if (row.active === false) return 'inactive';
      known.set(key, true);
      return 'active';
    },

    /** An administrator suspends or resumes launches from a platform (ltijs' platformStatus). */
    async setActive(issuer, clientId, active) {
      const rows = await db.query(
        `UPDATE ltijs.platform_status s SET doc = jsonb_set(s.doc, '{active}', to_jsonb($3::boolean))
           FROM ltijs.platform p WHERE p.kid = s.id AND p.platform_url = $1 AND p.client_id = $2 RETURNING s.id`,
        [issuer, clientId, active],
      );
      if (!rows.length) throw new PlatformNotFound(issuer, clientId);
      await changed();
    },

    async add(p, by = OPERATOR) {
      const { publicKey, privateKey } = await generateKeyPair('rsa', {
        modulusLength,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      });
      const kid = crypto.randomBytes(16).toString('hex');
      const doc = {
        platformName: p.name,
        platformUrl: p.issuer,
        clientId: p.clientId,
        authEndpoint: p.authEndpoint,
        accesstokenEndpoint: p.tokenEndpoint,
        authorizationServer: p.authorizationServer ?? p.tokenEndpoint,
        kid,
        authConfig: { method: 'JWK_SET', key: p.keysetUrl },
      };
      await db.transaction(async (tx) => {
        const existing = await tx.query(
          'SELECT 1 FROM ltijs.platform WHERE platform_url = $1 AND client_id = $2',
          [p.issuer, p.clientId],
        );
        if (existing.length) throw new PlatformAlreadyRegistered(p.issuer, p.clientId);
        await tx.query(
          'INSERT INTO ltijs.platform (kid, platform_url, client_id, doc) VALUES ($1, $2, $3, $4::jsonb)',
          [kid, p.issuer, p.clientId, JSON.stringify(doc)],
        );
        await tx.query('INSERT INTO ltijs.platform_status (id, doc) VALUES ($1, $2::jsonb)', [
          kid,
          JSON.stringify({ id: kid, active: true }),
        ]);
        for (const [table, key] of [
          ['ltijs.publickey', publicKey],
          ['ltijs.privatekey', privateKey],
        ] as const) {
          const { iv, data } = encrypt(JSON.stringify({ key, kid }), encryptionKey);
          await tx.query(
            `INSERT INTO ${table} (kid, platform_url, client_id, iv, data) VALUES ($1, $2, $3, $4, $5)`,
            [kid, p.issuer, p.clientId, iv, data],
          );
        }
        for (const deploymentId of p.deploymentIds) {
          await tx.query(
            'INSERT INTO lti_deployments (issuer, client_id, deployment_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
            [p.issuer, p.clientId, deploymentId],
          );
        }
        await writePlatformAudit(tx, by, 'platform.registered', p, {
          name: p.name,
          deploymentIds: p.deploymentIds,
          authEndpoint: p.authEndpoint,
          tokenEndpoint: p.tokenEndpoint,
          keysetUrl: p.keysetUrl,
        });
      });
      await changed();
      return { ...p, kid, active: true, createdAt: new Date() };
    },

    async addDeployments(issuer, clientId, deploymentIds, by = OPERATOR) {
      await db.transaction(async (tx) => {
        const existing = await tx.query(
          'SELECT 1 FROM ltijs.platform WHERE platform_url = $1 AND client_id = $2',
          [issuer, clientId],
        );
        if (!existing.length) throw new PlatformNotFound(issuer, clientId);
        const added: string[] = [];
        for (const deploymentId of deploymentIds) {
          const rows = await tx.query(
            'INSERT INTO lti_deployments (issuer, client_id, deployment_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1',
            [issuer, clientId, deploymentId],
          );
          if (rows.length) added.push(deploymentId);
        }
        // Only what was added: registering deployments already known changes nothing.
        if (added.length)
          await writePlatformAudit(
            tx,
            by,
            'platform.deployments_added',
            { issuer, clientId },
            {
              deploymentIds: added,
            },
          );
      });
      await changed();
    },

    /**
     * Makes a registered deployment an organisation of its own: its launches from now on go to a new tenant (new
     * people, record, catalogue, rules). What was recorded through it so far stays in the organisation it was
     * recorded in: a person's record is one record, and cannot be cut by the way they came in. The deployment's
     * open sessions end, so that nobody goes on in the old organisation (a running instance drops its tenant cache
     * within 5 s; this process at once).
     */
    async splitDeployment(issuer, deploymentId, name, by = OPERATOR) {
      const result = await db.transaction(async (tx) => {
        const registered = await tx.query(
          'SELECT 1 FROM lti_deployments WHERE issuer = $1 AND deployment_id = $2 LIMIT 1',
          [issuer, deploymentId],
        );
        if (!registered.length) throw new DeploymentNotRegistered(issuer, deploymentId);
        // Serialises concurrent splits (a rare administrator's act; launches that resolve a tenant meanwhile wait
        // milliseconds). The partial unique index would refuse a second split anyway, less politely.
        await tx.query('LOCK TABLE tenants IN SHARE ROW EXCLUSIVE MODE');
        const existing = await firstRow(
          tx,
          tenantNameRow,
          'SELECT id, name FROM tenants WHERE issuer = $1 AND deployment_id = $2',
          [issuer, deploymentId],
        );
        if (existing) throw new DeploymentAlreadySplit(issuer, deploymentId, existing);
        const from = await firstRow(
          tx,
          object({ ...tenantNameRow.shape, platform_name: nullable(text) }),
          'SELECT id, name, platform_name FROM tenants WHERE issuer = $1 AND deployment_id IS NULL',
          [issuer],
        );
        const created = await oneRow(
          tx,
          object({ id: int }),
          `INSERT INTO tenants (issuer, deployment_id, client_id, name, platform_name)
           SELECT $1, $2, d.client_id, $3, $4 FROM lti_deployments d
            WHERE d.issuer = $1 AND d.deployment_id = $2 ORDER BY d.created_at LIMIT 1
           RETURNING id`,
          [issuer, deploymentId, name, from?.platform_name ?? null],
        );
        const sessions = await tx.query(
          'DELETE FROM lti_sessions WHERE issuer = $1 AND deployment_id = $2 RETURNING 1',
          [issuer, deploymentId],
        );
        await writePlatformAudit(
          tx,
          by,
          'platform.deployment_split',
          { issuer },
          {
            deploymentId,
            name,
            organisation: created!.id,
            from: from?.id,
          },
        );
        return {
          organisation: { id: created.id, issuer, deploymentId, name, people: 0 },
          from: from ? { id: from.id, name: from.name ?? from.platform_name ?? undefined } : undefined,
          sessions: sessions.length,
        };
      });
      changed();
      return result;
    },

    /** The organisations (tenants), with how many people each has. */
    async organisations(issuer) {
      const found = await rows(
        db,
        organisationRow,
        `SELECT t.id, t.issuer, t.deployment_id, t.name, t.platform_name,
                (SELECT count(*)::int FROM people p WHERE p.tenant_id = t.id) AS people
           FROM tenants t WHERE $1::text IS NULL OR t.issuer = $1
          ORDER BY t.issuer, t.deployment_id NULLS FIRST, t.id`,
        [issuer ?? null],
      );
      return found.map((r) => ({
        id: r.id,
        issuer: r.issuer,
        ...(r.deployment_id !== null ? { deploymentId: r.deployment_id } : {}),
        ...((r.name ?? r.platform_name) ? { name: (r.name ?? r.platform_name)! } : {}),
        people: r.people,
      }));
    },

    async list() {
      const found = await rows(
        db,
        platformRow,
        `SELECT p.kid, p.doc, p.created_at, (s.doc->>'active')::boolean AS active,
                (SELECT array_agg(d.deployment_id ORDER BY d.deployment_id) FROM lti_deployments d
                  WHERE d.issuer = p.platform_url AND d.client_id = p.client_id) AS deployments
           FROM ltijs.platform p LEFT JOIN ltijs.platform_status s ON s.id = p.kid
          ORDER BY p.platform_url, p.client_id`,
      );
      return found.map((r) => ({
        issuer: r.doc.platformUrl,
        clientId: r.doc.clientId,
        name: r.doc.platformName,
        authEndpoint: r.doc.authEndpoint,
        tokenEndpoint: r.doc.accesstokenEndpoint,
        authorizationServer: r.doc.authorizationServer,
        keysetUrl: r.doc.authConfig.key,
        deploymentIds: r.deployments ?? [],
        kid: r.kid,
        active: r.active ?? true,
        createdAt: r.created_at,
      }));
    },

    /**
     * Removes the platform (all of an issuer's client ids when clientId is omitted); returns how many. Its sessions
     * and access tokens go with it, and its grades not yet delivered end as rejected ('platform_removed') instead
     * of being retried against a platform that is gone. Other instances refuse its sessions within cacheMs.
     */
    async remove(issuer, clientId, by = OPERATOR) {
      const removed = await db.transaction(async (tx) => {
        const match = clientId ? 'platform_url = $1 AND client_id = $2' : 'platform_url = $1';
        const params = clientId ? [issuer, clientId] : [issuer];
        const gone = await rows(
          tx,
          object({ kid: text }),
          `DELETE FROM ltijs.platform WHERE ${match} RETURNING kid`,
          params,
        );
        if (!gone.length) throw new PlatformNotFound(issuer, clientId);
        const kids = gone.map((g) => g.kid);
        await tx.query('DELETE FROM ltijs.platform_status WHERE id = ANY($1::text[])', [kids]);
        await tx.query('DELETE FROM ltijs.publickey WHERE kid = ANY($1::text[])', [kids]);
        await tx.query('DELETE FROM ltijs.privatekey WHERE kid = ANY($1::text[])', [kids]);
        // The session rows every later request reads (lti_sessions, migration 0021).
        const sessions = await tx.query(
          `DELETE FROM lti_sessions WHERE ${match.replace('platform_url', 'issuer')} RETURNING 1`,
          params,
        );
        const grades = await tx.query(
          `UPDATE grade_outbox SET status = 'rejected', rejection = 'platform_removed',
                  last_error = 'platform is not registered any more'
            WHERE ${match.replace('platform_url', 'issuer')} AND status IN ('pending', 'failing') RETURNING 1`,
          params,
        );
        await tx.query(
          `DELETE FROM lti_deployments WHERE ${match.replace('platform_url', 'issuer')}`,
          params,
        );
        const counts = { platforms: gone.length, sessions: sessions.length, grades: grades.length };
        await writePlatformAudit(tx, by, 'platform.removed', { issuer, clientId }, counts);
        return counts;
      });
      await changed();
      return removed;
    },
  };
  return registry;
}

export type PlatformRepository = ReturnType<typeof createPlatformRepository>;
