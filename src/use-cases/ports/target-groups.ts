import type { PersonId, TenantId } from '../../shared/ids';
import type { SecondGroup, TargetState } from '../../domain/agency/target-group';
import type { ImportPerson } from '../../domain/agency/target-group-import';
import type { AuditEntry } from './audit';
import type { PersonKey } from './learner';

/** A pending request for a second group, as the administrators' queue shows it. */
export interface SecondGroupRequest {
  personId: PersonId;
  name?: string;
  platformUserId: string;
  /** The person's first group now (proposed or agreed). */
  first?: string;
  group: string;
  requestedAt: Date;
}

/** One person's change in an import, with what the preview saw, so that a change made meanwhile is found. */
export interface ImportChange {
  personId: PersonId;
  group: string;
  /** The second group to approve, when the row named one. */
  second?: string;
  before: { group?: string; state: TargetState; second?: SecondGroup };
}

export type ImportApplied = 'applied' | 'alreadyApplied' | 'changed';

/**
 * Where target-group agreements, second groups and imports are kept (issue #18 item 7), beside the person's group
 * itself (people.target_group, written by LedgerStore.setTarget). Each write takes its audit entry and writes it in
 * its own transaction, only when it changed something. The reads are small and documented for reuse (the need
 * analysis and the organisation report group people by these).
 */
export interface TargetGroupStore {
  /**
   * Agrees the person's proposed group, if it is still `group` and still proposed (else false, nothing written):
   * an instructor who saw an older proposal agrees nothing.
   */
  agree(input: PersonKey & { group: string; agreedBy: PersonId; audit: AuditEntry }): Promise<boolean>;
  /** The person's second group (any state), if they ever asked for one. */
  secondGroupOf(person: PersonKey): Promise<SecondGroup | undefined>;
  /** The second groups of many people (approved, pending and refused), by person; for lists and reports. */
  secondGroupsOf(tenantId: TenantId, personIds: readonly PersonId[]): Promise<Map<PersonId, SecondGroup>>;
  /** Asks for a second group: a new pending request, replacing any earlier one of the person. */
  requestSecondGroup(
    input: PersonKey & { group: string; requestedBy: PersonId; audit: AuditEntry },
  ): Promise<void>;
  /**
   * Approves or refuses the person's request, if it is still pending and for `group` (else false, nothing written).
   */
  decideSecondGroup(
    input: PersonKey & {
      group: string;
      approve: boolean;
      reason?: string;
      decidedBy: PersonId;
      audit: AuditEntry;
    },
  ): Promise<boolean>;
  /** The organisation's pending requests, oldest first (at most 500: the queue is worked from the top). */
  pendingSecondGroups(tenantId: TenantId): Promise<SecondGroupRequest[]>;
  /** The people an import names that the organisation knows, by LMS user id or (case-insensitive) e-mail address. */
  peopleNamed(tenantId: TenantId, names: { userIds: string[]; emails: string[] }): Promise<ImportPerson[]>;
  /** Whether an import with this token was applied. */
  wasImported(tenantId: TenantId, token: string): Promise<boolean>;
  /**
   * Applies an import in one transaction: records it under its token (a second call with the same token writes
   * nothing: 'alreadyApplied'), checks under lock that every person is still as the preview saw them (else
   * 'changed', nothing written), sets each group agreed by the importer and approves each second group named, and
   * writes the one audit entry (with the counts).
   */
  applyImport(input: {
    tenantId: TenantId;
    token: string;
    sha256: string;
    importer: PersonId;
    changes: readonly ImportChange[];
    unchanged: number;
    audit: AuditEntry;
  }): Promise<ImportApplied>;
}
