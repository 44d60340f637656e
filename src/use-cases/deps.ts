import type { DevelopmentTargets } from '../domain/learning-record/development-targets';
import type {
  CatalogueModule,
  ContentManagerStore,
  FrameworkStore,
  GradeOutbox,
  LedgerStore,
  ModuleStore,
  PlanStore,
  PlayerStore,
  ReportStore,
  RuleStore,
  StoredFramework,
  EligibilityDeps,
  GradeDelivery,
  OrganisationStageStore,
  TargetGroupStore,
} from './ports';
import type { AuditLog } from './ports/audit';

/**
 * Everything the use cases draw from, built once by the composition root (app.ts) and handed to every router as
 * it is; each use case names the part it needs (`Pick<UseCaseDeps, ...>`), so that a test passes only that.
 */
export interface UseCaseDeps extends EligibilityDeps {
  frameworks: FrameworkStore;
  rules: RuleStore;
  ledger: LedgerStore;
  plans: PlanStore;
  modules: ModuleStore;
  player: PlayerStore;
  outbox: GradeOutbox;
  reports: ReportStore;
  contentManagers: ContentManagerStore;
  /** The stage the organisation announces per fiscal year, and its target (issue #18 items 3 and 7). */
  organisationStages: OrganisationStageStore;
  /** Target-group agreements, second groups and imports (issue #18 item 7). */
  targetGroups: TargetGroupStore;
  /** The audit log's reads (its rows are written by the stores, with each change). */
  audit: AuditLog;
  grades: GradeDelivery;
  /** The shipped sample modules, checked against the given framework. */
  sampleCatalogue(framework: StoredFramework): CatalogueModule[];
  /** The shipped sample modules of the default framework (a rule may name one the tenant does not have). */
  shippedModules(): readonly CatalogueModule[];
  /** Development targets per framework id (config/targets). */
  developmentTargets: ReadonlyMap<string, DevelopmentTargets>;
}
