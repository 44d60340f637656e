/**
 * Certificates (issue #19 item 4): what a completion certificate and an "eligible for the assessment" certificate
 * say, frozen when they are issued, and whether one still stands. Ours certify that a module was completed in this
 * tool, or that a record met an assessment's rule; neither is TPQI's certificate of competence, which only its
 * assessment gives (the wording in i18n says so on every certificate).
 */
import type { Bilingual } from '../framework/framework';
import { roundHours } from '../learning-record/hours';

export type CertificateKind = 'module' | 'assessment';

/** Who signs the organisation's certificates, as its administrators set them. */
export interface Signatory {
  name: string;
  position: Bilingual;
}

/** What a certificate says, frozen at issue: a later rename, rule edit or new signatory changes nothing on it. */
export interface CertificateFacts {
  kind: CertificateKind;
  organisation: Bilingual;
  /** As the LMS gave it at issue (one spelling, whatever its script). */
  personName: string;
  /** The module's title, or the assessment's name. */
  title: Bilingual;
  /** Hours credited (a module's completion) or counted (an assessment's record), rounded to 0.01. */
  hours: number;
  /** The skill sets named on the certificate, in the framework's order, with their hours where the kind has them. */
  skillSets: Array<{ code: string; name: Bilingual; hours?: number }>;
  /** The day certified (ISO, Bangkok): the completion's date, or the day first found eligible. */
  on: string;
  /** The fiscal year (Buddhist era) an assessment certificate is for. */
  fiscalYear?: number;
  /** Absent when none was set at issue: the certificate then has no signature line. */
  signatory?: Signatory;
}

/** What administrators set for their organisation's certificates; '' where unset. */
export interface CertificateSettings {
  organisation: Bilingual;
  signatoryName: string;
  signatoryPosition: Bilingual;
}

/** The organisation's name on a certificate: the administrators' own, or the LMS's name for it in both languages. */
export function organisationOnCertificate(settings: CertificateSettings, lmsName: string): Bilingual {
  const th = settings.organisation.th.trim();
  const en = settings.organisation.en.trim();
  return { th: th || en || lmsName, en: en || th || lmsName };
}

/** The signatory, only when a name is set (a position alone signs nothing); a missing position is left blank. */
export function signatoryOnCertificate(settings: CertificateSettings): Signatory | undefined {
  const name = settings.signatoryName.trim();
  if (!name) return undefined;
  return {
    name,
    position: { th: settings.signatoryPosition.th.trim(), en: settings.signatoryPosition.en.trim() },
  };
}

/** A skill set as the framework names it (its code, when the framework no longer has it). */
export type SkillSetNames = ReadonlyMap<string, Bilingual>;

/**
 * A module completion's certificate: the skill sets it credited, in the framework's order (unknown codes last),
 * hours per skill set summed over areas.
 */
export function moduleCertificateFacts(input: {
  organisation: Bilingual;
  personName: string;
  moduleTitle: Bilingual;
  hours: number;
  skillHours: ReadonlyArray<{ skillSet: string; hours: number }>;
  completedOn: string;
  skillSetNames: SkillSetNames;
  signatory?: Signatory;
}): CertificateFacts {
  const bySkillSet = new Map<string, number>();
  for (const s of input.skillHours)
    if (s.hours > 0) bySkillSet.set(s.skillSet, (bySkillSet.get(s.skillSet) ?? 0) + s.hours);
  return {
    kind: 'module',
    organisation: input.organisation,
    personName: input.personName,
    title: input.moduleTitle,
    hours: roundHours(input.hours),
    skillSets: inFrameworkOrder([...bySkillSet.keys()], input.skillSetNames).map((code) => ({
      code,
      name: input.skillSetNames.get(code) ?? { th: code, en: code },
      hours: roundHours(bySkillSet.get(code) ?? 0),
    })),
    on: input.completedOn,
    ...(input.signatory ? { signatory: input.signatory } : {}),
  };
}

/** An eligibility certificate: the assessment, the record's counted hours, the skill sets its rule asks for. */
export function assessmentCertificateFacts(input: {
  organisation: Bilingual;
  personName: string;
  assessmentName: Bilingual;
  countedHours: number;
  skillSets: readonly string[];
  eligibleOn: string;
  fiscalYear: number;
  skillSetNames: SkillSetNames;
  signatory?: Signatory;
}): CertificateFacts {
  return {
    kind: 'assessment',
    organisation: input.organisation,
    personName: input.personName,
    title: input.assessmentName,
    hours: roundHours(input.countedHours),
    skillSets: inFrameworkOrder([...new Set(input.skillSets)], input.skillSetNames).map((code) => ({
      code,
      name: input.skillSetNames.get(code) ?? { th: code, en: code },
    })),
    on: input.eligibleOn,
    fiscalYear: input.fiscalYear,
    ...(input.signatory ? { signatory: input.signatory } : {}),
  };
}

function inFrameworkOrder(codes: string[], names: SkillSetNames): string[] {
  const order = new Map([...names.keys()].map((c, i) => [c, i]));
  return codes.sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b));
}

/** Why a certificate no longer stands. */
export type Revocation =
  | { by: 'administrator'; at: Date; reason: string }
  /** The module completion it certified was reversed in the learning record. */
  | { by: 'reversal'; at: Date };

export type CertificateStatus = { valid: true } | { valid: false; revocation: Revocation };

/**
 * Whether a certificate stands: an administrator's revocation, or else its completion's reversal (the earlier of
 * the two is what the page dates it by, when both).
 */
export function certificateStatus(input: {
  revoked?: { at: Date; reason: string };
  completionReversedAt?: Date;
}): CertificateStatus {
  const { revoked, completionReversedAt: reversed } = input;
  if (revoked && (!reversed || revoked.at <= reversed))
    return { valid: false, revocation: { by: 'administrator', at: revoked.at, reason: revoked.reason } };
  if (reversed) return { valid: false, revocation: { by: 'reversal', at: reversed } };
  return { valid: true };
}

/** The verification link's key: 128 random bits in base64url, 22 characters. */
const PUBLIC_ID = /^[A-Za-z0-9_-]{22}$/;
export function isCertificatePublicId(s: string): boolean {
  return PUBLIC_ID.test(s);
}

/** An administrator's reason for a revocation: required, at most 500 characters. */
export const REVOCATION_REASON_MAX = 500;
export type RevocationProblem = 'REASON_REQUIRED' | 'REASON_TOO_LONG';
export function revocationReasonProblem(reason: string): RevocationProblem | undefined {
  const r = reason.trim();
  if (r === '') return 'REASON_REQUIRED';
  if (r.length > REVOCATION_REASON_MAX) return 'REASON_TOO_LONG';
  return undefined;
}
