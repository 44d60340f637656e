import type { FrameworkId, TenantId } from '../../shared/ids';
import type { Framework } from '../../domain/framework/framework';
import type { AuditEntry } from './audit';

export interface StoredFramework {
  id: FrameworkId;
  framework: Framework;
  loadedAt: Date;
  source: string;
}

/** Skills frameworks by version; a tenant uses the newest version of its chosen framework. */
export interface FrameworkStore {
  /**
   * Stores each framework version not yet loaded (the same content again changes nothing). With `audit`, its row
   * is written in each framework's transaction, with whether this load added the version.
   */
  load(
    frameworks: Framework[],
    source: string,
    audit?: AuditEntry,
  ): Promise<{ added: string[]; unchanged: string[] }>;
  listLatest(): Promise<StoredFramework[]>;
  latest(code: string): Promise<StoredFramework | undefined>;
  versions(code: string): Promise<string[]>;
  forTenant(tenantId: TenantId): Promise<StoredFramework>;
  /** The organisation uses the framework from now on; the audit entry (with the one chosen before) in the same transaction. */
  chooseForTenant(tenantId: TenantId, code: string, audit: AuditEntry): Promise<void>;
  /** How many of the organisation's people chose each target group (the codes of whichever framework they chose in). */
  targetGroupsInUse(tenantId: TenantId): Promise<Map<string, number>>;
}
