import type { Crosswalk } from '../domain/framework/crosswalk';
import type { DevelopmentTargets } from '../domain/learning-record/development-targets';
import type { LevelDescriptors } from '../domain/framework/level-descriptors';
import type {
  CatalogueModule,
  ContentManagerStore,
  EvidenceStore,
  FrameworkStore,
  GradeOutbox,
  LedgerStore,
  ModuleLibraryStore,
  ModuleStore,
  PlanStore,
  PlayerStore,
  NeedAnalysisSource,
  ReportStore,
  RuleStore,
  SnapshotStore,
  StoredFramework,
  EligibilityDeps,
  GradeDelivery,
  OrganisationStageStore,
  TargetGroupStore,
} from './ports';
import type { AuditLog } from './ports/audit';
import type { CertificateStore } from './ports/certificates';
import type { CredentialStore } from './ports/credentials';
import type { QuestionBankStore } from './ports/question-bank';
import type { NotificationStore } from './ports/notifications';
import type { HandInStore } from './ports/hand-ins';
import type { FollowUpStore } from './ports/follow-ups';
import type { FollowUpQuestionnaire } from '../domain/evaluation/follow-up';
import type { OfficialResultStore } from './ports/official-results';

/**
 * Everything the use cases draw from, built once by the composition root (app.ts) and handed to every router as
 * it is; each use case names the part it needs (`Pick<UseCaseDeps, ...>`), so that a test passes only that.
 */
export interface UseCaseDeps extends EligibilityDeps {
  frameworks: FrameworkStore;
  rules: RuleStore;
  ledger: LedgerStore;
  /** Evidence files of logged entries. */
  evidence: EvidenceStore;
  plans: PlanStore;
  modules: ModuleStore;
  /** The learners' module library: published modules with one learner's standing. */
  library: ModuleLibraryStore;
  player: PlayerStore;
  outbox: GradeOutbox;
  reports: ReportStore;
  /** The committee's snapshots of the organisation report. */
  snapshots: SnapshotStore;
  /** The self-assessments the need analysis reads. */
  needs: NeedAnalysisSource;
  contentManagers: ContentManagerStore;
  /** The stage the organisation announces per fiscal year, and its target (issue #18 items 3 and 7). */
  organisationStages: OrganisationStageStore;
  /** Target-group agreements, second groups and imports (issue #18 item 7). */
  targetGroups: TargetGroupStore;
  /** Official results (DG-SA, TPQI certification) administrators import (issue #19 item 6). */
  officialResults: OfficialResultStore;
  /** The audit log's reads (its rows are written by the stores, with each change). */
  audit: AuditLog;
  grades: GradeDelivery;
  /** Certificates issued, their settings and revocations (issue #19 item 4). */
  certificates: CertificateStore;
  /** Open Badges 3.0: issuers, their credential keys, status indexes (issue #19 item 5). */
  credentials: CredentialStore;
  /** The organisation's question bank, its drawn quizzes and their attempts. */
  bank: QuestionBankStore;
  /** The clock (attempts' waiting times); tests pin it. */
  now(): Date;
  /** Randomness in [0, 1) (which questions an attempt draws). */
  random(): number;
  /** What needs each person (written by the stores with the events; read and marked here). */
  notifications: NotificationStore;
  /** Signed self-assessments handed in to HR, and each year's deadline (issue #19 item 6). */
  handIns: HandInStore;
  /** The shipped sample modules, checked against the given framework. */
  sampleCatalogue(framework: StoredFramework): CatalogueModule[];
  /** The shipped sample modules of the default framework (a rule may name one the tenant does not have). */
  shippedModules(): readonly CatalogueModule[];
  /** Reviewed links between two loaded frameworks, by crosswalk id (config/crosswalks, checked at start). */
  crosswalks: ReadonlyMap<string, Crosswalk>;
  /** Development targets per framework id (config/targets). */
  developmentTargets: ReadonlyMap<string, DevelopmentTargets>;
  /** What each self-assessment level means per skill set, per framework id (config/level-descriptors). */
  levelDescriptors: ReadonlyMap<string, LevelDescriptors>;
  /** Follow-up evaluation: completions due, answers, the committee's figures (issue #19 item 3). */
  followUps: FollowUpStore;
  /** The follow-up questionnaire (config/evaluation/follow-up.json, checked at start). */
  followUpQuestionnaire: FollowUpQuestionnaire;
}
