import crypto, { type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Database, Queryable } from './database';
import { firstRow, int, nullable, object, record, rows, text, timestamp } from './decode';
import { tenantIdColumn } from './id-columns';
import { decrypt, encrypt } from './key-encryption';
import { writeAudit } from './audit.repository';
import { TtlCache } from '../shared/ttl-cache';
import type { TenantId } from '../shared/ids';
import type {
  BadgeFacts,
  CredentialIssuer,
  CredentialPublicKey,
  CredentialStore,
} from '../use-cases/ports/credentials';

const generateKeyPair = promisify(crypto.generateKeyPair);

/** How long an issuer's public keys and revoked indexes are reused; a change made in this process clears them. */
export const CREDENTIAL_CACHE_MS = 60_000;

const badgeRow = object({
  tenant_id: tenantIdColumn,
  status_index: nullable(int),
  identity_salt: nullable(text),
  email: nullable(text),
  platform_user_id: text,
  module_id: nullable(int),
  assessment_code: nullable(text),
  issuer_public_id: nullable(text),
});

const keyRow = object({
  kid: text,
  public_jwk: record(text),
  retired_at: nullable(timestamp),
});

const newPublicId = () => crypto.randomBytes(16).toString('base64url');

/**
 * The issuers, keys and status indexes of Open Badges (migration 0049). Keys are RSA (RS256, the algorithm every
 * Open Badges 3.0 verifier must accept), private halves encrypted with LTI_ENCRYPTION_KEY as the LTI keys are.
 */
export function createCredentialRepository(
  db: Database,
  encryptionKey: string,
  options: { modulusLength?: number; cacheMs?: number; now?: () => number } = {},
): CredentialStore {
  const cacheMs = options.cacheMs ?? CREDENTIAL_CACHE_MS;
  const signingKeys = new TtlCache<Promise<{ kid: string; key: KeyObject }>>(cacheMs, 1000, options.now);
  const publicKeys = new TtlCache<Promise<CredentialPublicKey[]>>(cacheMs, 10_000, options.now);
  const issuers = new TtlCache<Promise<{ issuer: CredentialIssuer; name: string } | undefined>>(
    cacheMs,
    10_000,
    options.now,
  );
  const revocations = new TtlCache<Promise<{ revoked: number[]; highest: number }>>(
    cacheMs,
    10_000,
    options.now,
  );

  async function ensureIssuer(tx: Queryable, tenantId: TenantId): Promise<void> {
    await tx.query(
      `INSERT INTO credential_issuers (tenant_id, public_id) VALUES ($1, $2) ON CONFLICT (tenant_id) DO NOTHING`,
      [tenantId, newPublicId()],
    );
  }

  async function readBadge(publicId: string) {
    return firstRow(
      db,
      badgeRow,
      `SELECT c.tenant_id, c.status_index, c.identity_salt, p.email, p.platform_user_id,
              v.module_id::int AS module_id, c.assessment_code, i.public_id AS issuer_public_id
         FROM certificates c
         JOIN people p ON p.tenant_id = c.tenant_id AND p.id = c.person_id
         LEFT JOIN learning_entries e ON e.tenant_id = c.tenant_id AND e.id = c.entry_root_id
         LEFT JOIN module_versions v ON v.id = e.module_version_id
         LEFT JOIN credential_issuers i ON i.tenant_id = c.tenant_id
        WHERE c.public_id = $1`,
      [publicId],
    );
  }

  async function makeKey(tenantId: TenantId): Promise<{ kid: string; key: KeyObject }> {
    const { publicKey, privateKey } = await generateKeyPair('rsa', {
      modulusLength: options.modulusLength ?? 2048,
    });
    const kid = crypto.randomBytes(12).toString('base64url');
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
    const { iv, data } = encrypt(
      JSON.stringify({ key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), kid }),
      encryptionKey,
    );
    return db.transaction(async (tx) => {
      await ensureIssuer(tx, tenantId);
      // Another process made one meanwhile: the unique index of active keys keeps one, and that one is used.
      await tx.query(
        `INSERT INTO credential_keys (tenant_id, kid, public_jwk, private_iv, private_data)
         VALUES ($1, $2, $3::jsonb, $4, $5) ON CONFLICT DO NOTHING`,
        [tenantId, kid, JSON.stringify(jwk), iv, data],
      );
      const active = await activeKey(tx, tenantId);
      if (!active) throw new Error('credential key neither made nor found');
      return active;
    });
  }

  async function activeKey(
    q: Queryable,
    tenantId: TenantId,
  ): Promise<{ kid: string; key: KeyObject } | undefined> {
    const r = await firstRow(
      q,
      object({ kid: text, private_iv: text, private_data: text }),
      `SELECT kid, private_iv, private_data FROM credential_keys WHERE tenant_id = $1 AND retired_at IS NULL`,
      [tenantId],
    );
    if (!r) return undefined;
    const stored = JSON.parse(decrypt(r.private_data, r.private_iv, encryptionKey)) as { key: string };
    return { kid: r.kid, key: crypto.createPrivateKey(stored.key) };
  }

  return {
    async badgeOf(publicId) {
      let r = await readBadge(publicId);
      if (!r) return undefined;
      if (r.status_index === null || r.issuer_public_id === null) {
        const tenantId = r.tenant_id;
        await db.transaction(async (tx) => {
          await ensureIssuer(tx, tenantId);
          const locked = await firstRow(
            tx,
            object({ status_index: nullable(int) }),
            `SELECT status_index FROM certificates WHERE tenant_id = $1 AND public_id = $2 FOR UPDATE`,
            [tenantId, publicId],
          );
          if (!locked || locked.status_index !== null) return;
          // The issuer's row lock hands each index out once, whatever runs at the same time.
          const next = await firstRow(
            tx,
            object({ index: int }),
            `UPDATE credential_issuers SET next_status_index = next_status_index + 1 WHERE tenant_id = $1
             RETURNING next_status_index - 1 AS index`,
            [tenantId],
          );
          await tx.query(
            `UPDATE certificates SET status_index = $3, identity_salt = $4 WHERE tenant_id = $1 AND public_id = $2`,
            [tenantId, publicId, next!.index, crypto.randomBytes(16).toString('base64url')],
          );
        });
        revocations.delete(String(tenantId));
        r = await readBadge(publicId);
        if (!r || r.status_index === null || r.identity_salt === null || r.issuer_public_id === null)
          throw new Error('badge facts neither made nor found');
      }
      const facts: BadgeFacts = {
        issuer: { tenantId: r.tenant_id, publicId: r.issuer_public_id! },
        statusIndex: r.status_index,
        identitySalt: r.identity_salt!,
        platformUserId: r.platform_user_id,
        ...(r.email?.trim() ? { email: r.email.trim() } : {}),
        ...(r.module_id !== null ? { moduleId: r.module_id } : {}),
        ...(r.assessment_code !== null ? { assessmentCode: r.assessment_code } : {}),
      };
      return facts;
    },

    issuer(issuerPublicId) {
      return issuers.getOrLoad(issuerPublicId, async () => {
        const r = await firstRow(
          db,
          object({ tenant_id: tenantIdColumn, name: nullable(text) }),
          `SELECT i.tenant_id, coalesce(nullif(s.organisation_en, ''), nullif(s.organisation_th, ''),
                  t.name, t.platform_name) AS name
             FROM credential_issuers i JOIN tenants t ON t.id = i.tenant_id
             LEFT JOIN certificate_settings s ON s.tenant_id = i.tenant_id
            WHERE i.public_id = $1`,
          [issuerPublicId],
        );
        return r && { issuer: { tenantId: r.tenant_id, publicId: issuerPublicId }, name: r.name ?? '' };
      });
    },

    signingKey(tenantId) {
      return signingKeys.getOrLoad(String(tenantId), async () => {
        return (await activeKey(db, tenantId)) ?? makeKey(tenantId);
      });
    },

    publicKeys(issuerPublicId) {
      return publicKeys.getOrLoad(issuerPublicId, async () => {
        const found = await rows(
          db,
          keyRow,
          `SELECT k.kid, k.public_jwk, k.retired_at FROM credential_keys k
             JOIN credential_issuers i ON i.tenant_id = k.tenant_id
            WHERE i.public_id = $1 ORDER BY k.created_at, k.kid`,
          [issuerPublicId],
        );
        return found.map((k) => ({
          kid: k.kid,
          jwk: k.public_jwk,
          key: crypto.createPublicKey({ key: k.public_jwk, format: 'jwk' }),
          retired: k.retired_at !== null,
        }));
      });
    },

    revokedIndexes(tenantId) {
      return revocations.getOrLoad(String(tenantId), async () => {
        const found = await rows(
          db,
          object({ status_index: int }),
          `SELECT c.status_index FROM certificates c
            WHERE c.tenant_id = $1 AND c.status_index IS NOT NULL
              AND (c.revoked_at IS NOT NULL OR (c.kind = 'module' AND
                   (SELECT e.kind FROM learning_entries e
                     WHERE e.tenant_id = c.tenant_id AND e.person_id = c.person_id
                       AND coalesce(e.root_id, e.id) = c.entry_root_id
                     ORDER BY e.id DESC LIMIT 1) = 'reversal'))`,
          [tenantId],
        );
        const next = await firstRow(
          db,
          object({ next_status_index: int }),
          `SELECT next_status_index FROM credential_issuers WHERE tenant_id = $1`,
          [tenantId],
        );
        return {
          revoked: found.map((r) => r.status_index),
          highest: Math.max(0, (next?.next_status_index ?? 0) - 1),
        };
      });
    },

    async rotateKey(tenantId, audit) {
      const outcome = await db.transaction(async (tx) => {
        const retired = await rows(
          tx,
          object({ kid: text }),
          `UPDATE credential_keys SET retired_at = now() WHERE tenant_id = $1 AND retired_at IS NULL RETURNING kid`,
          [tenantId],
        );
        if (retired.length === 0) return 'none' as const;
        await writeAudit(tx, audit, { retiredKey: retired[0]!.kid });
        return 'rotated' as const;
      });
      signingKeys.delete(String(tenantId));
      publicKeys.clear();
      return outcome;
    },

    forgetRevocations(tenantId) {
      revocations.delete(String(tenantId));
    },
  };
}
