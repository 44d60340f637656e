import type { FrameworkId, TenantId } from '../../shared/ids';
import type { Framework } from '../../domain/framework/framework';

export interface StoredFramework {
  id: FrameworkId;
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
  forTenant(tenantId: TenantId): Promise<StoredFramework>;
  chooseForTenant(tenantId: TenantId, code: string): Promise<void>;
}
