/**
 * Certificates (issue #19 item 4): a learner's list, issuing one when it is first asked for, the public check, and
 * the administrators' settings and revocations. One file for the verbs of one small concept.
 *
 * Why issued when first asked for (not at completion): the completion and eligibility paths stay as they are (no
 * extra write where grades and rollups are written), nobody gets a row for a certificate they never wanted, and the
 * facts are frozen at the moment the certificate first leaves the tool, which is the moment it must stop changing.
 */
import type { ContextId, EntryId, PersonId, TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import type { Framework } from '../domain/framework/framework';
import { fiscalYearOf } from '../domain/learning-record/fiscal-year';
import { assessmentsInForce } from './assessments-in-force';
import { evaluateLearner } from './evaluate-learner';
import type { Learner } from './ports/learner';
import {
  assessmentCertificateFacts,
  isCertificatePublicId,
  moduleCertificateFacts,
  organisationOnCertificate,
  revocationReasonProblem,
  signatoryOnCertificate,
  type CertificateSettings,
  type RevocationProblem,
} from '../domain/certificates/certificate';
import type { AuditPerson } from './ports/audit';
import type {
  CertificateStore,
  CertificateSubject,
  StandingCompletion,
  StoredCertificate,
} from './ports/certificates';
import type { PersonKey } from './ports/learner';

export interface CertificateDeps {
  certificates: CertificateStore;
}

/** An issued certificate that no longer stands (revoked, or its completion reversed), as the lists mark it. */
export type NotStanding = StoredCertificate & {
  status: Extract<StoredCertificate['status'], { valid: false }>;
};
export type WithdrawnCertificate = NotStanding & { subject: CertificateSubject };

export interface CertificateList {
  /** What the person may download: a certificate for each module completion that stands, newest first. */
  completions: StandingCompletion[];
  /**
   * Issued certificates that no longer stand, newest first: listed as revoked (or reversed), never as a download.
   * A completion listed above whose certificate is here was revoked: it is not issued again (see `issueModuleCertificate`).
   */
  withdrawn: WithdrawnCertificate[];
}

/** The person's certificates as the progress and learner record pages list them. */
export async function listCertificates(deps: CertificateDeps, person: PersonKey): Promise<CertificateList> {
  const [completions, issued] = await Promise.all([
    deps.certificates.standingCompletions(person),
    deps.certificates.issuedTo(person),
  ]);
  return { completions, withdrawn: issued.filter(isWithdrawn) };
}

const isWithdrawn = (c: StoredCertificate & { subject: CertificateSubject }): c is WithdrawnCertificate =>
  !c.status.valid;

export type IssueOutcome =
  | { issued: StoredCertificate }
  /** Issued before and no longer standing: its PDF and badge are not handed out, the page says why. */
  | { withdrawn: NotStanding }
  | { refused: 'notFound' | 'noName' };

/** The certificate found, unless it no longer stands. */
const handOut = (c: StoredCertificate): IssueOutcome =>
  c.status.valid ? { issued: c } : { withdrawn: { ...c, status: c.status } };

/**
 * The certificate of one of the person's module completions: the one issued before if there is one (whatever has
 * changed since: its facts are frozen), otherwise issued now. A completion that is not the person's, or that was
 * reversed and never had one, has none ('notFound'); nor does a person whose LMS withholds their name ('noName': a
 * certificate must name its holder).
 *
 * One that was revoked, or whose completion was reversed, is 'withdrawn', never handed out again, and never issued
 * anew (one certificate per completion chain): an administrator revokes for reasons the tool cannot tell apart (a
 * misspelt name, or cheating), so a new one is for a person to decide, not automatic.
 */
export async function issueModuleCertificate(
  deps: CertificateDeps,
  input: { person: PersonKey; entryRootId: EntryId; framework: Framework },
): Promise<IssueOutcome> {
  const subject = { kind: 'module' as const, entryRootId: input.entryRootId };
  const [completion] = await deps.certificates.standingCompletions(input.person, input.entryRootId);
  if (!completion) {
    // Issued before and reversed since: the certificate is still there, and says it no longer stands.
    const earlier = await deps.certificates.find(input.person, subject);
    return earlier ? handOut(earlier) : { refused: 'notFound' };
  }
  const earlier = await deps.certificates.find(input.person, subject);
  if (earlier) return handOut(earlier);
  const [name, { settings, lmsName }] = await Promise.all([
    deps.certificates.personName(input.person),
    deps.certificates.settings(input.person.tenantId),
  ]);
  if (!name) return { refused: 'noName' };
  const facts = moduleCertificateFacts({
    organisation: organisationOnCertificate(settings, lmsName),
    personName: name,
    moduleTitle: completion.title,
    hours: completion.hours,
    skillHours: completion.skillHours,
    completedOn: completion.completedOn,
    skillSetNames: new Map(input.framework.skillSets.map((s) => [s.code, s.name])),
    signatory: signatoryOnCertificate(settings),
  });
  return { issued: await deps.certificates.issue(input.person, subject, facts) };
}

/** The public check of a verification link: an id that cannot be one is not looked up. */
export async function verifyCertificate(
  deps: CertificateDeps,
  publicId: string,
): Promise<StoredCertificate | undefined> {
  if (!isCertificatePublicId(publicId)) return undefined;
  return deps.certificates.byPublicId(publicId);
}

/** Administrators only: the organisation's certificate settings and its certificates, newest first. */
export async function getCertificateAdministration(
  deps: CertificateDeps,
  input: { tenantId: TenantId; page: number; pageSize: number },
) {
  const [{ settings, lmsName }, list] = await Promise.all([
    deps.certificates.settings(input.tenantId),
    deps.certificates.list(input.tenantId, {
      offset: (input.page - 1) * input.pageSize,
      limit: input.pageSize,
    }),
  ]);
  return {
    settings,
    lmsName,
    /** What a certificate issued now would carry. */
    organisation: organisationOnCertificate(settings, lmsName),
    signatory: signatoryOnCertificate(settings),
    certificates: list.rows,
    count: list.count,
  };
}

export const SETTING_MAX = 200;
export type SettingsProblem = { field: keyof FlatSettings; code: 'TOO_LONG' | 'POSITION_WITHOUT_NAME' };
type FlatSettings = {
  organisationTh: string;
  organisationEn: string;
  signatoryName: string;
  signatoryPositionTh: string;
  signatoryPositionEn: string;
};

/** Saves the settings (audited); problems come back with nothing written. */
export async function saveCertificateSettings(
  deps: CertificateDeps,
  by: AuditPerson,
  form: FlatSettings,
): Promise<SettingsProblem[]> {
  const v = Object.fromEntries(Object.entries(form).map(([k, x]) => [k, x.trim()])) as FlatSettings;
  const problems: SettingsProblem[] = [];
  for (const field of Object.keys(v) as Array<keyof FlatSettings>)
    if (v[field].length > SETTING_MAX) problems.push({ field, code: 'TOO_LONG' });
  if (!v.signatoryName && (v.signatoryPositionTh || v.signatoryPositionEn))
    problems.push({ field: 'signatoryName', code: 'POSITION_WITHOUT_NAME' });
  if (problems.length > 0) return problems;
  const settings: CertificateSettings = {
    organisation: { th: v.organisationTh, en: v.organisationEn },
    signatoryName: v.signatoryName,
    signatoryPosition: { th: v.signatoryPositionTh, en: v.signatoryPositionEn },
  };
  await deps.certificates.saveSettings(by.tenantId, settings, {
    by,
    action: 'certificate.settings_changed',
    subject: 'certificate settings',
  });
  return [];
}

/** An administrator revokes one of the organisation's certificates with a reason (audited). */
export async function revokeCertificate(
  deps: CertificateDeps & Pick<UseCaseDeps, 'credentials'>,
  by: AuditPerson,
  input: { publicId: string; reason: string },
): Promise<'revoked' | 'alreadyRevoked' | 'notFound' | { problem: RevocationProblem }> {
  if (!isCertificatePublicId(input.publicId)) return 'notFound';
  const problem = revocationReasonProblem(input.reason);
  if (problem) return { problem };
  const outcome = await deps.certificates.revoke(by.tenantId, input.publicId, input.reason.trim(), {
    by,
    action: 'certificate.revoked',
    subject: input.publicId,
  });
  // Its badge's bit in the status list is read from the revocation: the cached list is built again.
  if (outcome === 'revoked') deps.credentials.forgetRevocations(by.tenantId);
  return outcome;
}

/** A learner of the staff member's course, or undefined (a person of another course is not found here). */
async function learnerOfCourse(
  deps: Pick<UseCaseDeps, 'ledger'>,
  viewer: { tenantId: TenantId; contextId: ContextId },
  personId: PersonId,
): Promise<PersonKey | undefined> {
  const learner = await deps.ledger.courseLearner({ ...viewer, personId });
  return learner ? { tenantId: viewer.tenantId, personId } : undefined;
}

/** Instructors: the certificates of a learner of their course (undefined when the person is not one). */
export async function listLearnersCertificates(
  deps: CertificateDeps & Pick<UseCaseDeps, 'ledger'>,
  input: { viewer: { tenantId: TenantId; contextId: ContextId }; personId: PersonId },
): Promise<CertificateList | undefined> {
  const person = await learnerOfCourse(deps, input.viewer, input.personId);
  return person && listCertificates(deps, person);
}

/** Instructors: a certificate of a learner of their course, as the learner would get it. */
export async function issueLearnersModuleCertificate(
  deps: CertificateDeps & Pick<UseCaseDeps, 'ledger'>,
  input: {
    viewer: { tenantId: TenantId; contextId: ContextId };
    personId: PersonId;
    entryRootId: EntryId;
    framework: Framework;
  },
): Promise<IssueOutcome> {
  const person = await learnerOfCourse(deps, input.viewer, input.personId);
  if (!person) return { refused: 'notFound' };
  return issueModuleCertificate(deps, { person, entryRootId: input.entryRootId, framework: input.framework });
}

/**
 * Instructors: the eligibility certificate of a learner of their course, as the learner would get it (the rules in
 * force in the instructor's course, the learner's target group); 'notFound' when the person is not one.
 */
export async function issueLearnersAssessmentCertificate(
  deps: CertificateDeps &
    Pick<UseCaseDeps, 'ledger' | 'development' | 'rules' | 'shippedAssessments' | 'counting' | 'today'>,
  input: {
    viewer: { tenantId: TenantId; contextId: ContextId };
    personId: PersonId;
    framework: Framework;
    assessmentCode: string;
  },
): Promise<IssueOutcome | { refused: 'notEligible' }> {
  const found = await deps.ledger.courseLearner({ ...input.viewer, personId: input.personId });
  if (!found) return { refused: 'notFound' };
  const learner: Learner = {
    tenantId: input.viewer.tenantId,
    personId: input.personId,
    contextId: input.viewer.contextId,
    targetGroup: found.targetGroup,
    targetStage: found.targetStage,
    targetSetByInstructor: false,
    targetState: found.targetState,
  };
  return issueAssessmentCertificate(deps, {
    learner,
    framework: input.framework,
    assessmentCode: input.assessmentCode,
  });
}

/** The fiscal year (Buddhist era) whose eligibility certificates are issued today. */
export function eligibilityCertificateYear(deps: Pick<UseCaseDeps, 'today'>): number {
  return fiscalYearOf(deps.today());
}

/**
 * The "eligible for the assessment" certificate of the current fiscal year: the one issued before in this fiscal
 * year, or issued now if the record meets the assessment's rule in force today (the rule's skill sets and the
 * record's counted hours are frozen on it). 'notEligible' otherwise, 'notFound' for an assessment not in force.
 */
export async function issueAssessmentCertificate(
  deps: CertificateDeps &
    Pick<UseCaseDeps, 'development' | 'rules' | 'shippedAssessments' | 'counting' | 'today'>,
  input: { learner: Learner; framework: Framework; assessmentCode: string },
): Promise<IssueOutcome | { refused: 'notEligible' }> {
  const { learner, framework } = input;
  const today = deps.today();
  const fiscalYear = fiscalYearOf(today);
  const subject = { kind: 'assessment' as const, assessmentCode: input.assessmentCode, fiscalYear };
  const earlier = await deps.certificates.find(learner, subject);
  if (earlier) return handOut(earlier);
  const set = await assessmentsInForce(deps, framework.id, {
    tenantId: learner.tenantId,
    contextId: learner.contextId,
  });
  const assessment = set?.assessments.find((a) => a.code === input.assessmentCode);
  if (!assessment) return { refused: 'notFound' };
  const record = await deps.development.eligibilityInputOf(learner.tenantId, learner.personId);
  const [result] = await evaluateLearner(deps, learner, [assessment], today, record);
  if (!result?.verdict.eligible) return { refused: 'notEligible' };
  const [name, { settings, lmsName }] = await Promise.all([
    deps.certificates.personName(learner),
    deps.certificates.settings(learner.tenantId),
  ]);
  if (!name) return { refused: 'noName' };
  const rule =
    (learner.targetGroup ? assessment.rules[learner.targetGroup] : undefined) ?? assessment.rules['*'];
  const facts = assessmentCertificateFacts({
    organisation: organisationOnCertificate(settings, lmsName),
    personName: name,
    assessmentName: assessment.name,
    countedHours: record.counted.reduce((sum, c) => sum + c.hours, 0),
    skillSets: (rule?.skillSets ?? []).map((s) => s.skillSet),
    eligibleOn: today,
    fiscalYear,
    skillSetNames: new Map(framework.skillSets.map((s) => [s.code, s.name])),
    signatory: signatoryOnCertificate(settings),
  });
  return { issued: await deps.certificates.issue(learner, subject, facts) };
}
