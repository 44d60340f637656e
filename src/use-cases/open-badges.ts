/**
 * Open Badges 3.0 (issue #19 item 5): a certificate as a signed verifiable credential, the issuer's Profile and
 * keys, the revocation status list, and the check anyone can make of a credential. Public: no session; each read
 * is one indexed row or a cached one.
 *
 * A certificate becomes a badge the first time its credential is asked for (its status index and its holder's salt
 * are fixed then, under a lock); the credential is signed again on each request with the issuer's active key, and
 * says the same each time but for the key that signed it. Old keys stay published, so an old copy still verifies.
 */
import { createHash } from 'node:crypto';
import type { Locale } from '../domain/framework/framework';
import type { CertificateFacts } from '../domain/certificates/certificate';
import { isCertificatePublicId } from '../domain/certificates/certificate';
import {
  claimsProblem,
  isOpenBadge,
  issuerProfile,
  issuerUrls,
  openBadgeCredential,
  statusBitstring,
  statusIndexOf,
  statusListCredential,
  verdict,
  type BadgeVerdict,
  type CredentialJson,
  type CrosswalkedCode,
} from '../domain/credentials/open-badge';
import { encodeStatusList, jwtHeader, signVcJwt, unverifiedPayload, verifiedPayload } from '../shared/vc-jwt';
import type { UseCaseDeps } from './deps';
import type { AuditPerson } from './ports/audit';

export type BadgeDeps = Pick<
  UseCaseDeps,
  'certificates' | 'credentials' | 'frameworks' | 'crosswalks' | 'now'
>;

/** The sentences of a credential, in its language (the caller's i18n words them). */
export type BadgeWords = (
  facts: CertificateFacts,
  language: Locale,
) => { achievementDescription: string; criteria: string; credentialName: string };

/** How long a verifier may keep the status list (its `ttl`, and the cache of it here). */
export const STATUS_LIST_TTL_MS = 60_000;

const ISSUER_ID = /^[A-Za-z0-9_-]{22}$/;

/** The signed credential of a certificate (a VC-JWT) and what it says; undefined for an unknown public id. */
export async function getBadge(
  deps: BadgeDeps,
  input: { baseUrl: string; publicId: string; language: Locale; words: BadgeWords },
): Promise<{ jwt: string; credential: CredentialJson; publicId: string } | undefined> {
  if (!isCertificatePublicId(input.publicId)) return undefined;
  const certificate = await deps.certificates.byPublicId(input.publicId);
  if (!certificate) return undefined;
  const badge = await deps.credentials.badgeOf(input.publicId);
  if (!badge) return undefined;
  const [{ framework }, key] = await Promise.all([
    deps.frameworks.forTenant(certificate.tenantId),
    deps.credentials.signingKey(certificate.tenantId),
  ]);
  const identity = badge.email ?? badge.platformUserId;
  const credential = openBadgeCredential({
    baseUrl: input.baseUrl,
    issuerPublicId: badge.issuer.publicId,
    certificatePublicId: input.publicId,
    achievementKey:
      badge.moduleId !== undefined ? `module-${badge.moduleId}` : `assessment-${badge.assessmentCode}`,
    facts: certificate.facts,
    issuedAt: certificate.issuedAt,
    language: input.language,
    identity: {
      // Open Badges' hashed identity: sha256 of the value followed by its salt, hex, after "sha256$".
      hash: `sha256$${createHash('sha256')
        .update(identity + badge.identitySalt)
        .digest('hex')}`,
      salt: badge.identitySalt,
      type: badge.email ? 'emailAddress' : 'systemId',
    },
    statusIndex: badge.statusIndex,
    framework: {
      name: framework.name,
      skillSets: new Map(framework.skillSets.map((s) => [s.code, s.name])),
    },
    crosswalked: await crosswalkedCodes(deps, framework.id),
    words: input.words(certificate.facts, input.language),
  });
  const jwt = await signVcJwt(
    credential,
    key.key,
    `${issuerUrls(input.baseUrl, badge.issuer.publicId).keys}/${key.kid}`,
  );
  return { jwt, credential, publicId: input.publicId };
}

/** Every skill-set link of a reviewed crosswalk from the framework to another loaded one (the way it counts). */
async function crosswalkedCodes(
  deps: Pick<UseCaseDeps, 'frameworks' | 'crosswalks'>,
  frameworkId: string,
): Promise<CrosswalkedCode[]> {
  const out: CrosswalkedCode[] = [];
  for (const cw of deps.crosswalks.values()) {
    const side = cw.a === frameworkId ? 'a' : cw.b === frameworkId ? 'b' : undefined;
    if (!side) continue;
    const otherId = side === 'a' ? cw.b : cw.a;
    const other = (await deps.frameworks.latest(otherId))?.framework;
    if (!other) continue;
    const framework = { name: other.name, skillSets: new Map(other.skillSets.map((s) => [s.code, s.name])) };
    for (const l of cw.links)
      if (l.level === 'skillSet') out.push({ from: l[side], framework, code: l[side === 'a' ? 'b' : 'a'] });
  }
  return out;
}

/** The issuer's Profile, at its id; undefined for an unknown issuer. */
export async function getIssuerProfile(
  deps: BadgeDeps,
  input: { baseUrl: string; issuerPublicId: string },
): Promise<CredentialJson | undefined> {
  if (!ISSUER_ID.test(input.issuerPublicId)) return undefined;
  const found = await deps.credentials.issuer(input.issuerPublicId);
  if (!found) return undefined;
  return {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    ...issuerProfile({ ...input, name: found.name }),
  };
}

/** The issuer's public keys as a JWK Set, each key's kid the URL that returns it; undefined for an unknown issuer. */
export async function getIssuerKeys(
  deps: BadgeDeps,
  input: { baseUrl: string; issuerPublicId: string },
): Promise<{ keys: Array<Record<string, string>> } | undefined> {
  if (!ISSUER_ID.test(input.issuerPublicId)) return undefined;
  const found = await deps.credentials.issuer(input.issuerPublicId);
  if (!found) return undefined;
  const base = issuerUrls(input.baseUrl, input.issuerPublicId).keys;
  const keys = await deps.credentials.publicKeys(input.issuerPublicId);
  return { keys: keys.map((k) => ({ ...k.jwk, kid: `${base}/${k.kid}` })) };
}

/** The revocation status list of the issuer, signed (a VC-JWT); undefined for an unknown issuer. */
export async function getStatusList(
  deps: BadgeDeps,
  input: { baseUrl: string; issuerPublicId: string },
): Promise<string | undefined> {
  if (!ISSUER_ID.test(input.issuerPublicId)) return undefined;
  const found = await deps.credentials.issuer(input.issuerPublicId);
  if (!found) return undefined;
  const tenantId = found.issuer.tenantId;
  const [{ revoked, highest }, key] = await Promise.all([
    deps.credentials.revokedIndexes(tenantId),
    deps.credentials.signingKey(tenantId),
  ]);
  const credential = statusListCredential({
    baseUrl: input.baseUrl,
    issuerPublicId: input.issuerPublicId,
    issuerName: found.name,
    encodedList: encodeStatusList(statusBitstring(revoked, highest)),
    validFrom: new Date(Math.floor(deps.now().getTime() / 1000) * 1000),
    ttlMs: STATUS_LIST_TTL_MS,
  });
  return signVcJwt(credential, key.key, `${issuerUrls(input.baseUrl, input.issuerPublicId).keys}/${key.kid}`);
}

export interface BadgeCheckResult extends BadgeVerdict {
  /** What the credential says (from its payload), when it could be read. */
  name?: string;
  achievement?: string;
  issuerName?: string;
  validFrom?: string;
  credentialId?: string;
}

/**
 * Checks a credential (its VC-JWT) as any verifier would, against this tool's published keys and status lists: its
 * format, the signature by a key of the issuer its kid names, the issuer it claims, its validity now, and whether
 * its bit in the issuer's status list is set. A credential of another issuer is not one this tool can vouch for.
 */
export async function verifyBadge(
  deps: BadgeDeps,
  input: { baseUrl: string; jwt: string },
): Promise<BadgeCheckResult> {
  const jwt = input.jwt.trim();
  const header = jwtHeader(jwt);
  const claimed = header && unverifiedPayload(jwt);
  if (!header || !claimed) return verdict({ check: 'format', problem: 'NOT_A_JWT' });
  const says = described(claimed);
  if (!isOpenBadge(claimed)) return { ...verdict({ check: 'format', problem: 'NOT_OPEN_BADGE' }), ...says };
  const prefix = `${input.baseUrl.replace(/\/$/, '')}/credentials/issuers/`;
  const kid = header.kid ?? '';
  const m = kid.startsWith(prefix)
    ? /^([A-Za-z0-9_-]{22})\/keys\/([A-Za-z0-9_-]{1,64})$/.exec(kid.slice(prefix.length))
    : null;
  const issuer = m && (await deps.credentials.issuer(m[1]!));
  if (!m || !issuer || header.alg !== 'RS256')
    return { ...verdict({ check: 'signature', problem: 'UNKNOWN_ISSUER' }), ...says };
  const key = (await deps.credentials.publicKeys(m[1]!)).find((k) => k.kid === m[2]);
  if (!key) return { ...verdict({ check: 'signature', problem: 'UNKNOWN_KEY' }), ...says };
  const payload = await verifiedPayload(jwt, key.key);
  if (!payload) return { ...verdict({ check: 'signature', problem: 'BAD_SIGNATURE' }), ...says };
  const urls = issuerUrls(input.baseUrl, m[1]!);
  const problem = claimsProblem(payload, urls.profile, deps.now());
  if (problem) return { ...verdict(problem), ...says };
  const index = statusIndexOf(payload, urls.statusList);
  if (index === undefined) return { ...verdict({ check: 'revocation', problem: 'NO_STATUS' }), ...says };
  // Only the revoked indexes count: a badge handed out by another process since the list was cached is not in
  // it, and stands.
  const { revoked } = await deps.credentials.revokedIndexes(issuer.issuer.tenantId);
  if (revoked.includes(index)) return { ...verdict({ check: 'revocation', problem: 'REVOKED' }), ...says };
  return { ...verdict(), ...says };
}

function described(p: Record<string, unknown>): Omit<BadgeCheckResult, keyof BadgeVerdict> {
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 500) : undefined);
  const subject = p.credentialSubject as { achievement?: { name?: unknown } } | undefined;
  const issuer = p.issuer as { name?: unknown } | undefined;
  return {
    name: str(p.name),
    achievement: str(subject?.achievement?.name),
    issuerName: str(issuer?.name),
    validFrom: str(p.validFrom),
    credentialId: str(p.id),
  };
}

/**
 * An administrator rotates the organisation's badge key (audited): credentials are signed with a new key from now
 * on, and the old key stays published, so that every badge handed out before still verifies.
 */
export async function rotateBadgeKey(
  deps: Pick<UseCaseDeps, 'credentials'>,
  by: AuditPerson,
): Promise<'rotated' | 'none'> {
  return deps.credentials.rotateKey(by.tenantId, {
    by,
    action: 'certificate.badge_key_rotated',
    subject: 'badge signing key',
  });
}
