import type { Crosswalk } from '../domain/framework/crosswalk';
import type { DevelopmentTargets } from '../domain/learning-record/development-targets';
import type {
  CatalogueModule,
  ContentManagerStore,
  FrameworkStore,
  GradeOutbox,
  LedgerStore,
  ModuleLibraryStore,
  ModuleStore,
  PlanStore,
  PlayerStore,
  ReportStore,
  RuleStore,
  StoredFramework,
  EligibilityDeps,
  GradeDelivery,
} from './ports';
import type { AuditLog } from './ports/audit';
import type { NotificationStore } from './ports/notifications';

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
  /** The learners' module library: published modules with one learner's standing. */
  library: ModuleLibraryStore;
  player: PlayerStore;
  outbox: GradeOutbox;
  reports: ReportStore;
  contentManagers: ContentManagerStore;
  /** The audit log's reads (its rows are written by the stores, with each change). */
  audit: AuditLog;
  grades: GradeDelivery;
  /** What needs each person (written by the stores with the events; read and marked here). */
  notifications: NotificationStore;
  /** The shipped sample modules, checked against the given framework. */
  sampleCatalogue(framework: StoredFramework): CatalogueModule[];
  /** The shipped sample modules of the default framework (a rule may name one the tenant does not have). */
  shippedModules(): readonly CatalogueModule[];
  /** Reviewed links between two loaded frameworks, by crosswalk id (config/crosswalks, checked at start). */
  crosswalks: ReadonlyMap<string, Crosswalk>;
  /** Development targets per framework id (config/targets). */
  developmentTargets: ReadonlyMap<string, DevelopmentTargets>;
}
