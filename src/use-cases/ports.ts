import type { EligibilityCount, RollupRow } from '../domain/reporting/organisation-report';
import type { PlanItem } from '../domain/development/plan';
import type { Loosening, RuleOverride } from '../domain/assessment/rule-editing';
import type { EligibilityRule } from '../domain/assessment/eligibility';
import type { LearningCategory } from '../domain/catalogue/learning-module';
import type { Bilingual, Framework } from '../domain/framework/framework';
import type { ModuleContent } from '../domain/catalogue/learning-module';
import type { CorrectionBlock, EffectiveEntry, LedgerEntry } from '../domain/learning-record/ledger';
import type { RecordedEntry, UsualHours } from '../domain/learning-record/review-flags';
import type { CountedHours } from '../domain/assessment/eligibility';
import type { AuditEntry } from './ports/audit';

/** What a verified launch tells us about who and where (structurally satisfied by lti's LaunchContext). */
export interface LaunchFacts {
  issuer: string;
  clientId: string;
  deploymentId: string;
  platformUserId: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  locale?: string;
  roles: string[];
  platformName?: string;
  context?: { id: string; title?: string; label?: string };
  resourceLink?: { id: string; title?: string };
  ags?: { lineitem?: string; lineitems?: string; scopes: string[] };
  nrpsMembershipsUrl?: string;
  /** Custom parameters; `module` names the module a Deep Linking placement opens. */
  custom?: Record<string, string>;
}

export interface LaunchIds {
  tenantId: number;
  personId: number;
  contextId?: number;
  resourceLinkId?: number;
}

export interface LaunchStore {
  /** Idempotent upsert of tenant, person, course, resource link and enrolment; safe under concurrent launches. */
  recordLaunch(facts: LaunchFacts): Promise<LaunchIds>;
}

export interface DeploymentRegistry {
  isRegistered(issuer: string, clientId: string, deploymentId: string): Promise<boolean>;
}

/** What registering an LMS platform takes (Moodle's "Tool configuration details"). */
export interface PlatformRegistration {
  issuer: string;
  clientId: string;
  name: string;
  authEndpoint: string;
  tokenEndpoint: string;
  keysetUrl: string;
  deploymentIds: string[];
  /** Defaults to the token endpoint (Moodle's audience for client assertions). */
  authorizationServer?: string;
}

export interface StoredFramework {
  id: number;
  framework: Framework;
  loadedAt: Date;
  source: string;
}

/** Skills frameworks by version; a tenant uses the newest version of its chosen framework. */
export interface FrameworkStore {
  load(frameworks: Framework[], source: string): Promise<{ added: string[]; unchanged: string[] }>;
  listLatest(): Promise<StoredFramework[]>;
  latest(code: string): Promise<StoredFramework | undefined>;
  versions(code: string): Promise<string[]>;
  forTenant(tenantId: number): Promise<StoredFramework>;
  /** The organisation uses the framework from now on; the audit entry (with the one chosen before) in the same transaction. */
  chooseForTenant(tenantId: number, code: string, audit: AuditEntry): Promise<void>;
}

/** A module of the shipped sample catalogue: its content plus a stable slug. */
export interface CatalogueModule extends ModuleContent {
  slug: string;
}

export interface ModuleSummary {
  moduleId: number;
  versionId: number;
  slug: string;
  version: number;
  status: 'draft' | 'published';
  title: Bilingual;
  category: 70 | 20 | 10;
  estimatedHours: number;
  mappings: Array<{ skillSet: string; area?: string; hours: number }>;
  /** The languages it is written in. */
  languages: Array<'th' | 'en'>;
}

/** How a page names and links a module it mentions (an eligibility rule's required module). */
export interface ModuleReference {
  slug: string;
  /** The newest version's title. */
  title: Bilingual;
  /** In the tenant's catalogue (an instructor can open its entry). */
  inCatalogue: boolean;
  /** Has a published version: a learner can open it at /app/modules/<slug>. */
  launchable: boolean;
}

export interface ModuleStore {
  /** The tenant's modules of these slugs, by slug; slugs the tenant has no module of are left out. */
  references(tenantId: number, slugs: readonly string[]): Promise<Map<string, ModuleReference>>;
  /** Gives a tenant the sample catalogue once; returns how many modules were added (0 after the first time). */
  seedCatalogue(tenantId: number, frameworkId: number, modules: CatalogueModule[]): Promise<number>;
  listLatest(tenantId: number): Promise<ModuleSummary[]>;
  /** The newest version (draft or published) of a module, for editing. */
  getLatest(
    tenantId: number,
    slug: string,
  ): Promise<{ summary: ModuleSummary; content: ModuleContent } | undefined>;
  /**
   * Saves an author's module: a new module with a free slug derived from `slugBase`, or a new version of `slug`.
   * Editing a draft replaces that draft; editing a published version adds version + 1 and leaves it as it was.
   * A save that changes nothing (the same content, and no draft over the published version or publishing a
   * draft) writes nothing and answers the newest version with `unchanged`.
   */
  saveModule(input: {
    tenantId: number;
    frameworkId: number;
    slug?: string;
    slugBase: string;
    content: ModuleContent;
    status: 'draft' | 'published';
  }): Promise<{ slug: string; version: number; unchanged?: boolean } | undefined>;
  /** The newest published version of a module, with its content. */
  getPublished(
    tenantId: number,
    slug: string,
  ): Promise<{ summary: ModuleSummary; content: ModuleContent } | undefined>;
}

// --- the learner journey ---

/** Who is asking, resolved from the session: the tenant's ids of the person and of the course. */
export interface Learner {
  tenantId: number;
  personId: number;
  /** The course (contexts.id) of the launch, if the launch had one. */
  contextId?: number;
  targetGroup?: string;
  targetStage?: string;
  /** Set when an instructor chose the group and stage. */
  targetSetByInstructor: boolean;
}

export interface ModuleProgressState {
  pagesViewed: number[];
  currentPage: number;
  bestQuizPercent?: number;
}

/** What a completion records, and where its grade goes. */
export interface CompletionInput {
  tenantId: number;
  personId: number;
  contextId?: number;
  moduleId: number;
  moduleVersionId: number;
  title: string;
  category: 70 | 20 | 10;
  hours: number;
  skillHours: Array<{ skillSet: string; area?: string; hours: number }>;
  scorePercent: number;
  /** The launch's placement of the module, if its link has a gradebook column. */
  grade?: GradePlacement;
}

/**
 * A placement of a module that takes grades: the launch's resource link placed the module and has an AGS line
 * item (a gradebook column). The learner's grade of the module goes to it, as to every other placement of the
 * module in their courses.
 */
export interface GradePlacement {
  issuer: string;
  clientId: string;
  platformUserId: string;
  resourceLinkId?: string;
  lineitemUrl: string;
}

export interface CompletionRecord {
  entryId: number;
  occurredOn: string;
  scorePercent?: number;
  createdAt: Date;
}

export interface PlayerStore {
  progress(learner: Learner, moduleVersionId: number): Promise<ModuleProgressState>;
  /** Marks a page viewed and makes it the current page; returns the new state. */
  viewPage(learner: Learner, moduleVersionId: number, page: number): Promise<ModuleProgressState>;
  /**
   * Keeps the attempt and the best score of the version. When the learner has completed the module and the attempt
   * is their best score of it yet, the same statement queues it, with the attempt's time, for the placement and
   * every other placement of the module in the learner's courses (see `complete`).
   */
  recordQuizAttempt(
    learner: Learner,
    moduleVersionId: number,
    attempt: { answers: number[][]; percent: number; passed: boolean },
    placement?: GradePlacement,
  ): Promise<{ state: ModuleProgressState; gradesQueued: number }>;
  /**
   * Appends the completion entry and queues its grade, in one statement, for the launch's placement and every
   * placement of the module (a resource link with a line item) in the courses where the learner is a learner. A
   * second call for the same learner and module, concurrent or later, writes nothing and returns the first.
   *
   * Grades are queued once per person, line item and score (a unique index), and only a score higher than any
   * queued before for that line item: a grade never goes down. Each carries the time of its score, at least a
   * second after the line item's previous one (Moodle takes a score only when it is newer, in whole seconds).
   */
  complete(
    input: CompletionInput,
  ): Promise<{ created: boolean; record: CompletionRecord; gradesQueued: number }>;
  completionOf(learner: Learner, moduleId: number): Promise<CompletionRecord | undefined>;
  /**
   * The completion, as `completionOf`, for a learner who opened the module through a placement: if they
   * completed it and the placement's line item does not hold their best score yet (a placement made, or given a
   * gradebook column, after the completion), the same statement queues it, with the score's own time.
   */
  completionAt(
    learner: Learner,
    moduleId: number,
    placement: GradePlacement,
  ): Promise<{ record?: CompletionRecord; gradesQueued: number }>;
}

export interface LoggedActivityInput {
  activityType: string;
  title: string;
  category: 70 | 20 | 10;
  hours: number;
  skillHours: Array<{ skillSet: string; hours: number }>;
  occurredOn: string;
  reflection?: string;
  evidenceUrl?: string;
}

export interface CorrectionInput {
  tenantId: number;
  contextId: number;
  personId: number;
  /** Any row of the chain (usually the original's id). */
  entryId: number;
  kind: 'correction' | 'reversal';
  /** New hours (a correction scales the skill-set hours in proportion). */
  hours?: number;
  category?: 70 | 20 | 10;
  reason: string;
  recordedBy: number;
  /** Written with the correction, in its transaction; the old and new hours and category are added to it. */
  audit: AuditEntry;
}

export interface ReviewItem {
  entryId: number;
  /** Whose entry it is (the page offers no decision on the reviewer's own). */
  personId: number;
  personName?: string;
  activityType?: string;
  title: string;
  category: 70 | 20 | 10;
  hours: number;
  skillHours: Array<{ skillSet: string; area?: string; hours: number }>;
  occurredOn: string;
  reflection?: string;
  evidenceUrl?: string;
  createdAt: Date;
}

/** What the progress page needs from a record, computed where the rows are. */
export interface RecordSummary {
  byCategory: Record<70 | 20 | 10, number>;
  bySkillSet: Map<string, number>;
  pendingCount: number;
  /** Fiscal years (Buddhist era) that have entries, newest first. */
  fiscalYears: number[];
  /** Entries matching the date range, as they count now. */
  historyCount: number;
  /** One page of them, newest first. */
  history: EffectiveEntry[];
  /** With `withEligibility`: what eligibility is judged on, from the same read. */
  eligibility?: EligibilityInput;
}

/** What eligibility is judged on: counted hours, completed module slugs, self-assessment dates, first eligibilities. */
export interface EligibilityInput {
  counted: CountedHours[];
  completedModules: Set<string>;
  selfAssessments: string[];
  /** assessment code -> when the learner was first eligible */
  firsts: Map<string, Date>;
}

export interface LedgerStore {
  /** Every row of a learner's record with each row's newest review decision. */
  entriesOf(tenantId: number, personId: number): Promise<LedgerEntry[]>;
  /**
   * The record folded as `effectiveEntries` folds it (the newest row of each chain; logged activities count
   * once approved; reversals count nothing), summed in the database.
   */
  summaryOf(
    tenantId: number,
    personId: number,
    history: { from?: string; to?: string; offset: number; limit: number; withEligibility?: boolean },
  ): Promise<RecordSummary>;
  /**
   * Appends a correction (new values) or a reversal of an entry recorded in the course, by `recordedBy`, with the
   * reason, and returns its id. Returns undefined when the entry is not this person's in this course, and why not
   * when the entry can no longer be corrected (`correctionBlock`: reversed, or rejected); nothing is written then.
   */
  correct(input: CorrectionInput): Promise<number | { notCorrectable: CorrectionBlock } | undefined>;
  /** A person's entries recorded in a course, as they count now (for the instructor correcting them). */
  courseEntriesOf(tenantId: number, contextId: number, personId: number): Promise<EffectiveEntry[]>;
  logActivity(learner: Learner, input: LoggedActivityInput): Promise<number>;
  /** Logged activities of a course that have no decision yet, oldest first. */
  pendingInContext(tenantId: number, contextId: number): Promise<ReviewItem[]>;
  /**
   * The records (every course), as they count now, of the people who have logged activities waiting in this
   * course: what a pending entry may duplicate.
   */
  recordsOfReviewees(tenantId: number, contextId: number): Promise<RecordedEntry[]>;
  /**
   * For each activity type waiting in this course: how many approved, not reversed, logged activities of that type
   * the organisation has, and the median and 95th percentile of their hours (as `usualHoursOf` computes them).
   */
  usualHours(tenantId: number, contextId: number): Promise<UsualHours[]>;
  /** The people whose records hold these entries (any course of the tenant; unknown ids are left out). */
  ownersOf(tenantId: number, entryIds: number[]): Promise<number[]>;
  /**
   * Records a decision on pending activities of the course; entries of other courses or already decided are
   * left alone. Returns the ids decided. The audit entry is written with the decision (with the ids decided), and
   * not at all when nothing was decided.
   */
  review(
    tenantId: number,
    contextId: number,
    entryIds: number[],
    decision: 'approved' | 'rejected',
    comment: string | undefined,
    reviewerId: number,
    audit: AuditEntry,
  ): Promise<number[]>;
  /** Keeps a person's target group and stage; the audit entry (with the old and new values) in the same transaction. */
  setTarget(
    tenantId: number,
    personId: number,
    group: string,
    stage: string,
    setBy: number,
    audit: AuditEntry,
  ): Promise<void>;
  /**
   * People enrolled in the course with a learner role (as of their latest launch), by name: a listing, bounded
   * (the first 2,000). To find one learner, use courseLearner.
   */
  courseLearners(tenantId: number, contextId: number): Promise<CourseLearner[]>;
  /** One person, if enrolled in the course with a learner role; however large the course (one index lookup). */
  courseLearner(tenantId: number, contextId: number, personId: number): Promise<CourseLearner | undefined>;
}

export interface CourseLearner {
  personId: number;
  platformUserId: string;
  name?: string;
  targetGroup?: string;
  targetStage?: string;
}

/** `rejected` is final: the LMS will never take the score as it stands (see GradeRejection), so it is not sent again. */
export type GradeStatus = 'pending' | 'delivered' | 'failing' | 'rejected';

/**
 * Why a grade was given up:
 * - `platform_removed`: the LMS's registration was removed from the tool;
 * - `refused`: the LMS refused the request itself (the line item deleted, the user not gradable, …);
 * - `not_newer`: the LMS holds a grade at least as new as this score (e.g. the teacher's own, set after the
 *   completion); sending it with a later timestamp would overwrite that grade.
 */
export type GradeRejection = 'platform_removed' | 'refused' | 'not_newer';

/**
 * How a failed delivery goes on: `retry` later (the LMS down, slow, overloaded, a token refused), or one of the
 * final outcomes. `not_newer` is the LMS's answer to a score whose timestamp is not newer than the grade it holds
 * (Moodle: 409), which on a retry also means the LMS stored an earlier attempt whose answer was lost.
 */
export type ScoreFailureKind = 'retry' | GradeRejection;

/**
 * What went wrong with a delivery, in words an instructor or administrator can act on (sentences
 * `grades.cause.<code>`). Kept with the grade (grade_outbox.failure_cause) until it is delivered.
 * - at the token endpoint: `key_refused` (the LMS refused the tool's signed key: its keyset URL or client id is
 *   wrong in the LMS), `scope_refused` (the grade service is not switched on for the tool), `token_refused` (any
 *   other refusal), `token_answer` (an answer without a token);
 * - at the score service: `access_refused` (401: token refused, or grade sync switched off), `not_gradable` (400),
 *   `forbidden` (403), `line_item_gone` (404, 410), `refused` (other refusals), `not_newer` (409);
 * - either: `busy` (408, 425, 429, 5xx), `unreachable` (network errors, timeouts), `redirected`;
 * - the registration: `platform_removed`, `platform_suspended`; and `unknown`.
 */
export const GRADE_FAILURE_CAUSES = [
  'key_refused',
  'scope_refused',
  'token_refused',
  'token_answer',
  'access_refused',
  'not_gradable',
  'forbidden',
  'line_item_gone',
  'refused',
  'not_newer',
  'busy',
  'unreachable',
  'redirected',
  'platform_removed',
  'platform_suspended',
  'unknown',
] as const;
export type GradeFailureCause = (typeof GRADE_FAILURE_CAUSES)[number];

/** What a ScoreSender's errors may carry; an error without a kind is retried, one without a cause is `unknown`. */
export interface ScoreFailure {
  kind: ScoreFailureKind;
  failureCause?: GradeFailureCause;
}

/** One learner's score on one line item, as the AGS score service takes it. */
export interface ScoreToSend {
  issuer: string;
  clientId: string;
  lineitemUrl: string;
  platformUserId: string;
  scoreGiven: number;
  scoreMaximum: number;
  timestamp: Date;
}

/** Sends scores to the LMS; throws with the reason (and, for a final outcome, a ScoreFailure kind) when it does not take one. */
export interface ScoreSender {
  /**
   * `sending`, when given, is awaited just before the score itself is posted (after the access token is got); if
   * it throws, nothing is posted.
   */
  sendScore(score: ScoreToSend, sending?: () => Promise<void>): Promise<void>;
}

export interface OutboxGrade extends Omit<ScoreToSend, 'timestamp'> {
  id: number;
  tenantId: number;
  /**
   * When the learner earned the score (the completion, or the retake that improved it): its timestamp, the same
   * on every retry.
   */
  scoredAt: Date;
  attempts: number;
}

export interface GradeRow {
  id: number;
  personName?: string;
  moduleTitle: Bilingual;
  scoreGiven: number;
  status: GradeStatus;
  /** Set when the status is `rejected`. */
  rejection?: GradeRejection;
  /** Why the last attempt failed (absent on grades that failed before causes were kept). */
  failureCause?: string;
  attempts: number;
  lastError?: string;
  nextAttemptAt: Date;
  deliveredAt?: Date;
  createdAt: Date;
}

export interface GradeOutbox {
  /** Claims up to `limit` grades that are due, leasing them for `leaseSeconds` so no other worker takes them. */
  claimDue(limit: number, leaseSeconds: number): Promise<OutboxGrade[]>;
  markDelivered(id: number): Promise<void>;
  /**
   * Records that the grade's score is about to be posted to the LMS; returns whether an earlier POST of it had
   * been (by this or another worker), i.e. whether the LMS may hold this very score already.
   */
  markScoreSent(id: number): Promise<boolean>;
  /** Tries again at `retryAt`; a grade already delivered or rejected stays as it is. */
  markFailed(id: number, error: string, retryAt: Date, cause: GradeFailureCause): Promise<void>;
  /** Final: never claimed again. A grade already delivered stays delivered. */
  markRejected(id: number, rejection: GradeRejection, error: string, cause: GradeFailureCause): Promise<void>;
  /** Grades of a course's links, newest first. */
  forContext(tenantId: number, contextId: number): Promise<GradeRow[]>;
  counts(): Promise<Record<GradeStatus, number>>;
}

// --- the development cycle ---

export interface SelfAssessmentRecord {
  id: number;
  targetGroup: string;
  targetStage: string;
  /** Level per skill set code: 0 not yet, 1.. the framework's stages in order. */
  ratings: Record<string, number>;
  takenOn: string;
  createdAt: Date;
}

export interface DevelopmentStore {
  saveSelfAssessment(
    learner: { tenantId: number; personId: number },
    frameworkId: number,
    input: Omit<SelfAssessmentRecord, 'id' | 'createdAt'>,
  ): Promise<number>;
  selfAssessmentsOf(tenantId: number, personId: number): Promise<SelfAssessmentRecord[]>;
  eligibilityInputOf(tenantId: number, personId: number): Promise<EligibilityInput>;
  /** The same for many people in three statements (class views). People without entries get empty inputs. */
  eligibilityInputsOf(tenantId: number, personIds: number[]): Promise<Map<number, EligibilityInput>>;
  /** Records the first time a learner is eligible (a later call keeps the first); returns when that was. */
  markEligible(tenantId: number, personId: number, assessmentCodes: string[]): Promise<Map<string, Date>>;
  /** The people (with their target group) whose record holds these entries, and these people. */
  peopleOf(
    tenantId: number,
    of: { entryIds?: number[]; personIds?: number[] },
  ): Promise<Array<{ personId: number; targetGroup?: string }>>;
}

/** Reads for the organisation report (tenant rollups kept by the database as entries arrive). */
export interface ReportStore {
  /** Fiscal years (Buddhist era) with hours that count, newest first. */
  fiscalYears(tenantId: number): Promise<number[]>;
  organisation(
    tenantId: number,
    fiscalYear: number,
  ): Promise<{ rollups: RollupRow[]; headcount: Map<string, number>; eligibility: EligibilityCount[] }>;
}

export interface StoredPlan {
  version: number;
  items: PlanItem[];
  savedAt: Date;
  /** Every supervisor's word on any version of this year's plan, oldest first. */
  reviews: Array<{
    planVersion: number;
    decision: 'agreed' | 'commented';
    comment?: string;
    reviewerName?: string;
    at: Date;
  }>;
}

/** Individual development plans, one per learner and fiscal year, kept as versions. */
export interface PlanStore {
  latest(tenantId: number, personId: number, fiscalYear: number): Promise<StoredPlan | undefined>;
  /** Saves the next version; undefined when `basedOn` is no longer the latest (saved meanwhile elsewhere). */
  save(input: {
    tenantId: number;
    personId: number;
    fiscalYear: number;
    frameworkId: number;
    items: PlanItem[];
    basedOn: number;
  }): Promise<{ version: number } | undefined>;
  /**
   * Records a supervisor's word on `version`, and its audit entry in the same statement; false (nothing written)
   * when that is not the latest version (changed meanwhile).
   */
  review(input: {
    tenantId: number;
    personId: number;
    fiscalYear: number;
    version: number;
    decision: 'agreed' | 'commented';
    comment?: string;
    reviewerId: number;
    audit: AuditEntry;
  }): Promise<boolean>;
  /** Hours that count in a fiscal year per skill set and bucket (from the rollups). */
  actualHours(
    tenantId: number,
    personId: number,
    fiscalYear: number,
  ): Promise<Map<string, Record<LearningCategory, number>>>;
}

/** Eligibility rules edited by administrators (organisation) and instructors (course). */
export interface RuleStore {
  /** The edits in force for the organisation and, when given, one course. */
  inForce(tenantId: number, contextId?: number): Promise<RuleOverride[]>;
  record(o: {
    tenantId: number;
    assessment: string;
    targetGroup: string;
    contextId?: number;
    rule: EligibilityRule | null;
    recordedBy: number;
    /** What the edit dropped of the rule in force (confirmed by the editor); empty or absent: no loosening. */
    dropped?: Loosening[];
    /** Written in the same transaction as the edit. */
    audit: AuditEntry;
  }): Promise<void>;
}

/** A person of the organisation as the content-manager page shows them (name and email only if the LMS sent them). */
export interface OrganisationPerson {
  personId: number;
  platformUserId: string;
  name?: string;
  email?: string;
}

export interface ContentManager extends OrganisationPerson {
  namedAt: Date;
}

/** Why naming a content manager did not add a row. */
export type NameContentManagerResult = 'named' | 'alreadyNamed' | 'notStaff';

/** The content managers an administrator names per organisation (tenant). */
export interface ContentManagerStore {
  isContentManager(tenantId: number, platformUserId: string): Promise<boolean>;
  list(tenantId: number): Promise<ContentManager[]>;
  /** People of the organisation who have launched as instructors (or administrators), not named yet, whose name, email or LMS user id contains `query`. */
  candidates(tenantId: number, query: string, limit: number): Promise<OrganisationPerson[]>;
  /** Names a person who has launched as staff in the organisation; anyone else is refused and nothing is written. */
  add(
    tenantId: number,
    personId: number,
    namedBy: number,
    audit: AuditEntry,
  ): Promise<NameContentManagerResult>;
  /** Whether a row was removed (and the audit entry written with it). */
  remove(tenantId: number, personId: number, audit: AuditEntry): Promise<boolean>;
}
