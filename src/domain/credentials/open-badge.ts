/**
 * Open Badges 3.0 (issue #19 item 5): a certificate (../certificates/certificate.ts) as an OpenBadgeCredential, the
 * Open Badges 3.0 data model on the W3C Verifiable Credentials Data Model 2.0, and its revocation as a W3C Bitstring
 * Status List. Pure: the caller hashes the identifier, signs (VC-JWT, RS256) and compresses the status list.
 *
 * Choices, and why:
 * - One language per credential, the one asked for (Thai by default), stated in `inLanguage`: the data model allows
 *   one language per text field, and a credential in the language the learner hands it on in reads best. Both
 *   languages carry the same id, the same facts and the same place in the status list.
 * - The holder is named by a salted SHA-256 of their e-mail address (or of the LMS's user id when the LMS gives no
 *   e-mail) in an IdentityObject, never in plain text: the holder proves it by showing the address.
 * - The achievement is aligned to the skill sets of the organisation's framework and, where a reviewed crosswalk
 *   links a skill set, to the other framework's code too (OCSC 2017 to TPQI 2567 and back).
 */
import type { Bilingual, Locale } from '../framework/framework';
import type { CertificateFacts } from '../certificates/certificate';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OB_ACHIEVEMENT_CREDENTIAL_SCHEMA =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

/** The status list's length in bits: the Bitstring Status List's minimum (16 KiB), grown in steps of that size. */
export const STATUS_LIST_MIN_BITS = 131_072;

/** The public URLs of one issuer (an organisation), all under the tool's base URL. */
export interface IssuerUrls {
  /** The issuer's Profile (GET returns it as JSON). */
  profile: string;
  /** The issuer's JSON Web Key Set; each key also at `${keys}/${kid}`. */
  keys: string;
  /** The revocation status list credential. */
  statusList: string;
}

export function issuerUrls(baseUrl: string, issuerPublicId: string): IssuerUrls {
  const profile = `${baseUrl.replace(/\/$/, '')}/credentials/issuers/${issuerPublicId}`;
  return { profile, keys: `${profile}/keys`, statusList: `${profile}/status/revocation` };
}

/** The credential's own URL (its id): where it is fetched, by the certificate's public id. */
export const credentialUrl = (baseUrl: string, publicId: string) =>
  `${baseUrl.replace(/\/$/, '')}/credentials/${publicId}`;

/** A skill set of the organisation's framework and, through a crosswalk, its counterpart in another framework. */
export interface AlignmentFramework {
  /** The framework's name, as an alignment's `targetFramework`. */
  name: Bilingual;
  /** Skill set names by code. */
  skillSets: ReadonlyMap<string, Bilingual>;
}

export interface CrosswalkedCode {
  /** Code in the organisation's framework. */
  from: string;
  framework: AlignmentFramework;
  code: string;
}

export interface OpenBadgeInput {
  baseUrl: string;
  issuerPublicId: string;
  certificatePublicId: string;
  /** The achievement's key: the module (by its id) or the assessment (by its code). */
  achievementKey: string;
  facts: CertificateFacts;
  issuedAt: Date;
  language: Locale;
  /** `sha256$` + hex of the salted identity, its salt, and what it identifies. */
  identity: { hash: string; salt: string; type: 'emailAddress' | 'systemId' };
  statusIndex: number;
  framework: AlignmentFramework;
  crosswalked: readonly CrosswalkedCode[];
  /** The sentences that name and describe the achievement, in `language`. */
  words: { achievementDescription: string; criteria: string; credentialName: string };
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type CredentialJson = { [key: string]: Json };

/** The issuer's Profile, in the credential and at its own URL. */
export function issuerProfile(input: {
  baseUrl: string;
  issuerPublicId: string;
  name: string;
}): CredentialJson {
  return {
    id: issuerUrls(input.baseUrl, input.issuerPublicId).profile,
    type: ['Profile'],
    name: input.name,
    url: input.baseUrl.replace(/\/$/, ''),
  };
}

/** The credential, unsigned: its VC-JWT carries it as the payload (with iss, jti and nbf beside it). */
export function openBadgeCredential(input: OpenBadgeInput): CredentialJson {
  const { facts, language: l } = input;
  const urls = issuerUrls(input.baseUrl, input.issuerPublicId);
  const id = credentialUrl(input.baseUrl, input.certificatePublicId);
  const alignment: Json[] = [];
  for (const s of facts.skillSets) {
    alignment.push(alignmentOf(input.framework, s.code, s.name[l], l));
    for (const c of input.crosswalked)
      if (c.from === s.code)
        alignment.push(alignmentOf(c.framework, c.code, c.framework.skillSets.get(c.code)?.[l] ?? c.code, l));
  }
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: input.words.credentialName,
    inLanguage: l,
    issuer: issuerProfile({
      baseUrl: input.baseUrl,
      issuerPublicId: input.issuerPublicId,
      name: facts.organisation[l],
    }),
    validFrom: input.issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: input.identity.hash,
          identityType: input.identity.type,
          hashed: true,
          salt: input.identity.salt,
        },
      ],
      achievement: {
        id: `${urls.profile}/achievements/${input.achievementKey}`,
        type: ['Achievement'],
        achievementType: facts.kind === 'module' ? 'Course' : 'Certificate',
        name: facts.title[l],
        description: input.words.achievementDescription,
        criteria: { narrative: input.words.criteria },
        inLanguage: l,
        ...(alignment.length > 0 ? { alignment } : {}),
      },
      ...(facts.kind === 'module' && facts.hours > 0 ? { creditsEarned: facts.hours } : {}),
      activityEndDate: `${facts.on}T00:00:00+07:00`,
    },
    credentialSchema: [{ id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
    credentialStatus: {
      id: `${urls.statusList}#${input.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(input.statusIndex),
      statusListCredential: urls.statusList,
    },
  };
}

function alignmentOf(f: AlignmentFramework, code: string, name: string, l: Locale): Json {
  return {
    type: ['Alignment'],
    targetName: name,
    targetCode: code,
    targetFramework: f.name[l],
    targetType: 'ceasn:Competency',
    // An alignment must point somewhere: the framework's code, read as a URN of it (no public page names a code).
    targetUrl: `urn:digiskill:framework:${encodeURIComponent(f.name.en)}:${encodeURIComponent(code)}`,
  };
}

/** The status list credential (unsigned), for the bitstring the caller compressed and encoded. */
export function statusListCredential(input: {
  baseUrl: string;
  issuerPublicId: string;
  issuerName: string;
  encodedList: string;
  validFrom: Date;
  /** How long a verifier may keep it, in milliseconds. */
  ttlMs: number;
}): CredentialJson {
  const urls = issuerUrls(input.baseUrl, input.issuerPublicId);
  return {
    '@context': [VC_CONTEXT],
    id: urls.statusList,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuerProfile({
      baseUrl: input.baseUrl,
      issuerPublicId: input.issuerPublicId,
      name: input.issuerName,
    }),
    validFrom: input.validFrom.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    credentialSubject: {
      id: `${urls.statusList}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: input.encodedList,
      ttl: input.ttlMs,
    },
  };
}

/**
 * The bitstring of a status list with the given indexes set: index 0 is the first byte's highest bit. At least
 * STATUS_LIST_MIN_BITS long, so that a list never tells how many credentials were issued.
 */
export function statusBitstring(setIndexes: Iterable<number>, highestIndex: number): Uint8Array {
  const bits = Math.max(
    STATUS_LIST_MIN_BITS,
    Math.ceil((highestIndex + 1) / STATUS_LIST_MIN_BITS) * STATUS_LIST_MIN_BITS,
  );
  const bytes = new Uint8Array(bits / 8);
  for (const i of setIndexes) {
    if (!Number.isInteger(i) || i < 0 || i >= bits) continue;
    bytes[i >> 3]! |= 0x80 >> (i & 7);
  }
  return bytes;
}

/** Whether the bit at `index` is set; an index past the end is not. */
export function statusBit(bitstring: Uint8Array, index: number): boolean {
  if (!Number.isInteger(index) || index < 0 || index >> 3 >= bitstring.length) return false;
  return (bitstring[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

/** One check of a verification, in the order they are made; `skipped` when an earlier one failed. */
export type BadgeCheck = 'format' | 'signature' | 'issuer' | 'validity' | 'revocation';
export type CheckResult = 'passed' | 'failed' | 'skipped';
export type BadgeProblem =
  | 'NOT_A_JWT'
  | 'NOT_OPEN_BADGE'
  | 'UNKNOWN_ISSUER'
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE'
  | 'ISSUER_MISMATCH'
  | 'NOT_YET_VALID'
  | 'EXPIRED'
  | 'NO_STATUS'
  | 'REVOKED';

export interface BadgeVerdict {
  valid: boolean;
  checks: Array<{ check: BadgeCheck; result: CheckResult; problem?: BadgeProblem }>;
}

const CHECKS: readonly BadgeCheck[] = ['format', 'signature', 'issuer', 'validity', 'revocation'];

/** The verdict when `failed` failed with `problem` (every check before it passed, every one after is skipped). */
export function verdict(failed?: { check: BadgeCheck; problem: BadgeProblem }): BadgeVerdict {
  const at = failed ? CHECKS.indexOf(failed.check) : CHECKS.length;
  return {
    valid: !failed,
    checks: CHECKS.map((check, i) =>
      i < at
        ? { check, result: 'passed' as const }
        : i === at
          ? { check, result: 'failed' as const, problem: failed!.problem }
          : { check, result: 'skipped' as const },
    ),
  };
}

/** Whether a payload (read before its signature is checked) is an OpenBadgeCredential at all. */
export function isOpenBadge(payload: Record<string, unknown>): boolean {
  const types = Array.isArray(payload.type) ? payload.type : [];
  return types.includes('VerifiableCredential') && types.includes('OpenBadgeCredential');
}

/**
 * The checks a verifier makes on a credential's payload once its signature holds: it names as its issuer the one
 * whose key signed it (in `issuer` and in `iss`), and it is valid now. undefined when it passes.
 */
export function claimsProblem(
  payload: Record<string, unknown>,
  expectedIssuer: string,
  now: Date,
): { check: BadgeCheck; problem: BadgeProblem } | undefined {
  const issuer = payload.issuer;
  const issuerId =
    typeof issuer === 'string'
      ? issuer
      : issuer && typeof issuer === 'object'
        ? (issuer as { id?: unknown }).id
        : undefined;
  if (issuerId !== expectedIssuer || payload.iss !== expectedIssuer)
    return { check: 'issuer', problem: 'ISSUER_MISMATCH' };
  const from = typeof payload.validFrom === 'string' ? Date.parse(payload.validFrom) : NaN;
  if (!Number.isFinite(from) || from > now.getTime()) return { check: 'validity', problem: 'NOT_YET_VALID' };
  if (typeof payload.validUntil === 'string' && Date.parse(payload.validUntil) < now.getTime())
    return { check: 'validity', problem: 'EXPIRED' };
  return undefined;
}

/** The status list entry of a credential, when it is one of `statusListUrl`'s. */
export function statusIndexOf(payload: Record<string, unknown>, statusListUrl: string): number | undefined {
  const s = payload.credentialStatus;
  if (!s || typeof s !== 'object' || Array.isArray(s)) return undefined;
  const entry = s as Record<string, unknown>;
  if (entry.type !== 'BitstringStatusListEntry' || entry.statusPurpose !== 'revocation') return undefined;
  if (entry.statusListCredential !== statusListUrl) return undefined;
  const index = typeof entry.statusListIndex === 'string' ? entry.statusListIndex : '';
  return /^(0|[1-9]\d{0,8})$/.test(index) ? Number(index) : undefined;
}
