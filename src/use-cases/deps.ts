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
} from './ports';
import type { AuditLog } from './ports/audit';
import type { CertificateStore } from './ports/certificates';

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
  /** The audit log's reads (its rows are written by the stores, with each change). */
  audit: AuditLog;
  grades: GradeDelivery;
  /** Certificates issued, their settings and revocations (issue #19 item 4). */
  certificates: CertificateStore;
  /** The shipped sample modules, checked against the given framework. */
  sampleCatalogue(framework: StoredFramework): CatalogueModule[];
  /** The shipped sample modules of the default framework (a rule may name one the tenant does not have). */
  shippedModules(): readonly CatalogueModule[];
  /** Development targets per framework id (config/targets). */
  developmentTargets: ReadonlyMap<string, DevelopmentTargets>;
}
