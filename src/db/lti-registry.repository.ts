import crypto, { type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { Database } from './database';
import { decrypt } from './key-encryption';
import { TtlCache } from '../shared/ttl-cache';

/**
 * The platform registry as the launch reads it (the launch's LaunchPlatforms.find and ToolKeys, src/lti/ports.ts;
 * app.ts wires them: db/ does not import lti/): registrations (ltijs.platform and its status, written by
 * platform.repository.ts) and the tool's key pairs (ltijs.publickey, ltijs.privatekey, encrypted). The tables keep
 * ltijs' names and formats so that registrations made while ltijs ran the launch need no conversion.
 */

/** A registration as the launch reads it (structurally the launch's LaunchPlatform, src/lti/ports.ts). */
export interface LaunchPlatform {
  issuer: string;
  clientId: string;
  kid: string;
  authEndpoint: string;
  tokenEndpoint: string;
  authorizationServer?: string;
  keys: { method: 'JWK_SET'; url: string } | { method: 'RSA_KEY' | 'JWK_KEY'; key: KeyObject };
  active: boolean;
}

/** The registration document, as platform.repository.ts (and ltijs before it) writes it. */
const platformDoc = z.object({
  platformUrl: z.string(),
  clientId: z.string(),
  authEndpoint: z.string(),
  accesstokenEndpoint: z.string(),
  authorizationServer: z.string().optional(),
  authConfig: z.object({
    method: z.enum(['JWK_SET', 'RSA_KEY', 'JWK_KEY']),
    key: z.union([z.string(), z.record(z.string(), z.unknown())]),
  }),
});
const platformRow = z.object({ kid: z.string(), doc: platformDoc, active: z.boolean().nullable() });
const keyRow = z.object({ kid: z.string(), iv: z.string(), data: z.string() });
const storedKey = z.object({ key: z.string() });

function platformKeys(config: z.infer<typeof platformDoc>['authConfig']): LaunchPlatform['keys'] {
  const { method, key } = config;
  if (method === 'JWK_SET') return { method, url: String(key) };
  if (method === 'RSA_KEY') return { method, key: crypto.createPublicKey(String(key)) };
  const jwk = typeof key === 'string' ? z.record(z.string(), z.unknown()).parse(JSON.parse(key)) : key;
  return { method, key: crypto.createPublicKey({ key: jwk, format: 'jwk' }) };
}

/** How long registrations and keys read here are reused; a change made in this process clears them at once. */
export const REGISTRY_CACHE_MS = 5000;

export function createLtiRegistryRepository(
  db: Database,
  encryptionKey: string,
  options: { cacheMs?: number; now?: () => number } = {},
): {
  /** The registration of issuer and client id (with none: one of the issuer's, an active one first); cached. */
  find(issuer: string, clientId?: string): Promise<LaunchPlatform | undefined>;
  /** The tool's private key for a platform (cached); undefined when the platform is not registered. */
  signingKey(issuer: string, clientId: string): Promise<{ kid: string; key: KeyObject } | undefined>;
  /** Every public key of the tool, for its key set. */
  publicKeys(): Promise<Array<{ kid: string; key: KeyObject }>>;
  forget(): void;
} {
  const platforms = new TtlCache<LaunchPlatform>(options.cacheMs ?? REGISTRY_CACHE_MS, 10_000, options.now);
  const signingKeys = new TtlCache<{ kid: string; key: KeyObject }>(
    options.cacheMs ?? REGISTRY_CACHE_MS,
    10_000,
    options.now,
  );
  const decryptKey = (row: z.infer<typeof keyRow>) =>
    storedKey.parse(JSON.parse(decrypt(row.data, row.iv, encryptionKey))).key;

  return {
    async find(issuer, clientId) {
      const cacheKey = JSON.stringify([issuer, clientId ?? null]);
      const cached = platforms.get(cacheKey);
      if (cached) return cached;
      // Without a client id (a login that names none), one of the issuer's registrations, an active one first.
      const rows = await db.query(
        `SELECT p.kid, p.doc, (s.doc->>'active')::boolean AS active
           FROM ltijs.platform p LEFT JOIN ltijs.platform_status s ON s.id = p.kid
          WHERE p.platform_url = $1 AND ($2::text IS NULL OR p.client_id = $2)
          ORDER BY active DESC NULLS FIRST, p.created_at LIMIT 1`,
        [issuer, clientId ?? null],
      );
      if (!rows[0]) return undefined;
      const row = platformRow.parse(rows[0]);
      const platform: LaunchPlatform = {
        issuer: row.doc.platformUrl,
        clientId: row.doc.clientId,
        kid: row.kid,
        authEndpoint: row.doc.authEndpoint,
        tokenEndpoint: row.doc.accesstokenEndpoint,
        authorizationServer: row.doc.authorizationServer,
        keys: platformKeys(row.doc.authConfig),
        // No status row: active (as ltijs read it).
        active: row.active ?? true,
      };
      platforms.set(cacheKey, platform);
      return platform;
    },

    async signingKey(issuer, clientId) {
      const cacheKey = JSON.stringify([issuer, clientId]);
      const cached = signingKeys.get(cacheKey);
      if (cached) return cached;
      const rows = await db.query(
        'SELECT kid, iv, data FROM ltijs.privatekey WHERE platform_url = $1 AND client_id = $2',
        [issuer, clientId],
      );
      if (!rows[0]) return undefined;
      const row = keyRow.parse(rows[0]);
      const signing = { kid: row.kid, key: crypto.createPrivateKey(decryptKey(row)) };
      signingKeys.set(cacheKey, signing);
      return signing;
    },

    async publicKeys() {
      const rows = await db.query('SELECT kid, iv, data FROM ltijs.publickey ORDER BY created_at, kid');
      return rows.map((r) => {
        const row = keyRow.parse(r);
        return { kid: row.kid, key: crypto.createPublicKey(decryptKey(row)) };
      });
    },

    forget() {
      platforms.clear();
      signingKeys.clear();
    },
  };
}
