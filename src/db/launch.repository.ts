import {
  contextId as asContextId,
  personId as asPersonId,
  resourceLinkId as asResourceLinkId,
  tenantId as asTenantId,
  type TenantId,
} from '../shared/ids';
import type { Database } from './database';
import { LOGIN_STATE_TTL_SECONDS } from './login-state.repository';
import { SqlParams } from './sql';
import { TtlCache } from '../shared/ttl-cache';
import type { LoginToConsume } from './login-state.repository';
import type { LaunchFacts, LaunchIds, LaunchStore } from '../use-cases/ports';

/** The session a launch opens: its id and the launch it keeps (JSON), written by the launch's own statement. */
export interface SessionToStore {
  id: string;
  launch: unknown;
}

export interface LaunchRepository extends LaunchStore {
  tenantIdOf(
    f: Pick<LaunchFacts, 'issuer' | 'deploymentId' | 'clientId' | 'platformName'>,
  ): Promise<TenantId>;
  /**
   * recordLaunch, with the launch's login consumed and its session stored by the same statement: all of it or
   * none. A login that cannot be consumed rejects with a LoginRefused.
   */
  recordLaunch(
    facts: LaunchFacts,
    opens?: { login: LoginToConsume; session: SessionToStore },
  ): Promise<LaunchIds & { targetQuery?: Record<string, string> }>;
}

/** Why the launch statement refused a login (lti_login_refused(), migration 0013, raises these as its message). */
const REFUSALS = ['LOGIN_STATE_NOT_FOUND', 'NONCE_DOES_NOT_MATCH_LOGIN'] as const;
type Refusal = (typeof REFUSALS)[number];

/** The login a launch brought back was not there, or not for this token: nothing of the launch was written. */
export class LoginRefused extends Error {
  constructor(readonly code: Refusal) {
    super(code);
    this.name = 'LoginRefused';
  }
}

/** The error lti_login_refused() raises, as a LoginRefused; anything else unchanged. */
function asRefusal(err: unknown): unknown {
  const e = err as { code?: string; hint?: string; message?: string };
  const code = REFUSALS.find((r) => r === e.message);
  return e.code === 'P0001' && e.hint === 'lti_login_refused' && code ? new LoginRefused(code) : err;
}

export interface LaunchRepositoryHooks {
  /**
   * The tenant resolved for a launch has not received its sample catalogue yet (a new organisation, or one
   * from before catalogues were given at first sight). Awaited before the launch is recorded, once per tenant
   * and process at most: the tenant row's upsert says so, at no extra round trip.
   */
  tenantWithoutCatalogue?(tenantId: TenantId): Promise<void>;
}

/** How long a deployment's organisation is reused before it is read again (a split made elsewhere shows by then). */
export const TENANT_CACHE_MS = 5000;

/**
 * The organisation (tenant) of a launch: the platform issuer's, unless an administrator split this deployment off
 * into one of its own (tenants.deployment_id, migration 0018). The issuer's organisation is created by its first
 * launch; a split deployment's row only by the split. One statement, read-only once the organisation exists.
 */
const TENANT_OF_DEPLOYMENT = `
  WITH found AS (
    SELECT id, catalogue_seeded_at IS NOT NULL AS has_catalogue FROM tenants WHERE issuer = $1 AND (deployment_id = $2 OR deployment_id IS NULL)
     ORDER BY deployment_id NULLS LAST LIMIT 1),
  created AS (
    INSERT INTO tenants (issuer, client_id, platform_name) SELECT $1, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM found)
    ON CONFLICT (issuer) WHERE deployment_id IS NULL
    DO UPDATE SET platform_name = COALESCE(EXCLUDED.platform_name, tenants.platform_name), updated_at = now()
    RETURNING id, catalogue_seeded_at IS NOT NULL AS has_catalogue)
  SELECT id, has_catalogue FROM found UNION ALL SELECT id, has_catalogue FROM created`;

/**
 * One statement per launch: data-modifying CTEs upsert person, course, resource link and enrolment
 * atomically (ON CONFLICT … DO UPDATE always returns the id, also under concurrent launches of one user).
 * The tenant is resolved per deployment and cached for TENANT_CACHE_MS: a launch and every page after it reads
 * it, and the tenant row would otherwise be a hot row. The key is the issuer and the deployment id, since a split
 * deployment has an organisation of its own; forgetTenants() drops it at once in this process (after a split).
 */
/*
 * Checked rows: the one repository of src/db whose rows are not read through a decoder (src/db/decode.ts), and on
 * purpose. These two statements are the launch's hot path (every launch; the benchmark allows under 3 ms of CPU
 * per launch), their few columns are named by the SQL written right here, and the ids get their brand below as
 * they leave. test/unit/decode.test.ts names this file as its only exemption besides the driver.
 */
export function createLaunchRepository(
  db: Database,
  options: LaunchRepositoryHooks & { cacheMs?: number; now?: () => number } = {},
): LaunchRepository & { forgetTenants(): void } {
  const tenantIds = new TtlCache<Promise<TenantId>>(options.cacheMs ?? TENANT_CACHE_MS, 10_000, options.now);

  function tenantId(f: Pick<LaunchFacts, 'issuer' | 'deploymentId' | 'clientId' | 'platformName'>) {
    const cacheKey = JSON.stringify([f.issuer, f.deploymentId]);
    const cached = tenantIds.get(cacheKey);
    if (cached !== undefined) return cached;
    const id = db
      .query<{ id: number; has_catalogue: boolean }>(TENANT_OF_DEPLOYMENT, [
        f.issuer,
        f.deploymentId,
        f.clientId,
        f.platformName ?? null,
      ])
      .then(async (rows) => {
        const row = rows[0]!;
        const id = asTenantId(row.id);
        if (!row.has_catalogue) await options.tenantWithoutCatalogue?.(id);
        return id;
      });
    tenantIds.set(cacheKey, id);
    id.catch(() => tenantIds.clear()); // a failed read is not kept (the caller sees the error)
    return id;
  }

  return {
    /** The tenant of a launch that was recorded (every session comes from one). */
    tenantIdOf: tenantId,

    forgetTenants: () => tenantIds.clear(),

    async recordLaunch(f: LaunchFacts, opens?: { login: LoginToConsume; session: SessionToStore }) {
      const tid = await tenantId(f);
      const params = new SqlParams([
        tid,
        f.platformUserId,
        f.name ?? null,
        f.givenName ?? null,
        f.familyName ?? null,
        f.email ?? null,
        f.locale ?? null,
      ]);
      const p = (v: unknown) => params.add(v);
      // Name and email are kept when a later launch withholds them (Moodle privacy settings can change per link).
      const ctes = [
        `person AS (
          INSERT INTO people (tenant_id, platform_user_id, name, given_name, family_name, email, locale)
          VALUES ($1, $2, $3, $4, $5, $6, $7)
          ON CONFLICT (tenant_id, platform_user_id) DO UPDATE SET
            name = COALESCE(EXCLUDED.name, people.name), given_name = COALESCE(EXCLUDED.given_name, people.given_name),
            family_name = COALESCE(EXCLUDED.family_name, people.family_name), email = COALESCE(EXCLUDED.email, people.email),
            locale = COALESCE(EXCLUDED.locale, people.locale), last_launch_at = now()
          RETURNING id)`,
      ];
      let select = 'SELECT (SELECT id FROM person) AS person_id';
      if (f.context) {
        ctes.push(`ctx AS (
          INSERT INTO contexts (tenant_id, context_id, title, label) VALUES ($1, ${p(f.context.id)}, ${p(f.context.title ?? null)}, ${p(f.context.label ?? null)})
          ON CONFLICT (tenant_id, context_id) DO UPDATE SET
            title = COALESCE(EXCLUDED.title, contexts.title), label = COALESCE(EXCLUDED.label, contexts.label), updated_at = now()
          RETURNING id)`);
        ctes.push(`enrol AS (
          INSERT INTO enrolments (tenant_id, context_id, person_id, roles)
          SELECT $1, ctx.id, person.id, ${p(f.roles)}::text[] FROM ctx, person
          ON CONFLICT (tenant_id, context_id, person_id) DO UPDATE SET roles = EXCLUDED.roles, updated_at = now()
          RETURNING 1)`);
        select += ', (SELECT id FROM ctx) AS context_id, (SELECT count(*) FROM enrol) AS enrolled';
      }
      if (f.resourceLink) {
        const contextRef = f.context ? '(SELECT id FROM ctx)' : 'NULL::bigint';
        ctes.push(`link AS (
          INSERT INTO resource_links (tenant_id, resource_link_id, context_id, title, ags_lineitem_url, ags_lineitems_url, ags_scopes, nrps_memberships_url, module_slug, client_id)
          VALUES ($1, ${p(f.resourceLink.id)}, ${contextRef}, ${p(f.resourceLink.title ?? null)}, ${p(f.ags?.lineitem ?? null)},
                  ${p(f.ags?.lineitems ?? null)}, ${p(f.ags?.scopes ?? null)}::text[], ${p(f.nrpsMembershipsUrl ?? null)}, ${p(f.custom?.module ?? null)},
                  ${p(f.clientId)})
          ON CONFLICT (tenant_id, resource_link_id) DO UPDATE SET
            context_id = COALESCE(EXCLUDED.context_id, resource_links.context_id), title = COALESCE(EXCLUDED.title, resource_links.title),
            ags_lineitem_url = COALESCE(EXCLUDED.ags_lineitem_url, resource_links.ags_lineitem_url),
            ags_lineitems_url = COALESCE(EXCLUDED.ags_lineitems_url, resource_links.ags_lineitems_url),
            ags_scopes = COALESCE(EXCLUDED.ags_scopes, resource_links.ags_scopes),
            nrps_memberships_url = COALESCE(EXCLUDED.nrps_memberships_url, resource_links.nrps_memberships_url),
            module_slug = COALESCE(EXCLUDED.module_slug, resource_links.module_slug), client_id = EXCLUDED.client_id,
            updated_at = now()
          RETURNING id)`);
        select += ', (SELECT id FROM link) AS resource_link_id';
      }
      if (opens) {
        const { login, session } = opens;
        // The session later pages read (lti_sessions, migration 0021): the same launch again renews its row.
        ctes.push(`session AS (
          INSERT INTO lti_sessions (tenant_id, id, issuer, client_id, deployment_id, platform_user_id, launch)
          VALUES ($1, ${p(session.id)}, ${p(f.issuer)}, ${p(f.clientId)}, ${p(f.deploymentId)}, $2, ${p(JSON.stringify(session.launch))}::jsonb)
          ON CONFLICT (tenant_id, id) DO UPDATE SET launch = EXCLUDED.launch, created_at = now()
          RETURNING 1)`);
        select += ', (SELECT count(*) FROM session) AS sessions';
        // OIDC Core §3.1.3.7: the state must be one of our logins, still fresh, and the token's nonce the one sent
        // with it. The state is consumed here, so neither it nor its nonce can bring a token through twice (of two
        // concurrent posts, the second finds the row deleted). The main query reads the verdict, so a refusal
        // fails the statement and undoes every write above.
        const state = p(login.state);
        const nonce = p(login.nonce);
        ctes.unshift(
          `login_state AS (
            DELETE FROM lti_login_states WHERE state = ${state}
              AND created_at > now() - interval '${LOGIN_STATE_TTL_SECONDS} seconds'
            RETURNING nonce, target_query)`,
          `login AS (
            SELECT CASE WHEN (SELECT nonce FROM login_state) = ${nonce} THEN (SELECT target_query FROM login_state)
              ELSE lti_login_refused(CASE
                WHEN NOT EXISTS (SELECT 1 FROM login_state) THEN '${'LOGIN_STATE_NOT_FOUND' satisfies Refusal}'
                ELSE '${'NONCE_DOES_NOT_MATCH_LOGIN' satisfies Refusal}' END) END AS target_query)`,
        );
        select += ', (SELECT target_query FROM login) AS target_query';
      }
      let rows: Array<{
        person_id: number;
        context_id?: number;
        resource_link_id?: number;
        target_query?: Record<string, string> | null;
      }>;
      try {
        rows = await db.query(`WITH ${ctes.join(',\n')} ${select}`, params.values);
      } catch (err) {
        throw asRefusal(err);
      }
      const row = rows[0]!;
      return {
        tenantId: tid,
        personId: asPersonId(row.person_id),
        contextId: row.context_id == null ? undefined : asContextId(row.context_id),
        resourceLinkId:
          row.resource_link_id === undefined ? undefined : asResourceLinkId(row.resource_link_id),
        targetQuery: row.target_query ?? undefined,
      };
    },
  };
}

/**
 * The launch repository as the launch's LaunchRecorder (src/lti/ports.ts; app.ts wires it: db/ does not import
 * lti/): a refused login is a result, not an error.
 */
export function launchRecorder(launches: Pick<LaunchRepository, 'recordLaunch'>) {
  return {
    async recordLaunch(
      facts: LaunchFacts,
      login: LoginToConsume,
      session: SessionToStore,
    ): Promise<
      { ok: true; tenantId: number; targetQuery?: Record<string, string> } | { ok: false; reason: Refusal }
    > {
      try {
        const recorded = await launches.recordLaunch(facts, { login, session });
        return { ok: true, tenantId: recorded.tenantId, targetQuery: recorded.targetQuery };
      } catch (err) {
        if (err instanceof LoginRefused) return { ok: false, reason: err.code };
        throw err;
      }
    },
  };
}
