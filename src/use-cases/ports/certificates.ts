import type { EntryId, PersonId, TenantId } from '../../shared/ids';
import type { Bilingual } from '../../domain/framework/framework';
import type {
  CertificateFacts,
  CertificateKind,
  CertificateSettings,
  CertificateStatus,
} from '../../domain/certificates/certificate';
import type { AuditEntry } from './audit';
import type { PersonKey } from './learner';

/** A module completion that stands (its chain not reversed), as a certificate would state it. */
export interface StandingCompletion {
  entryRootId: EntryId;
  title: Bilingual;
  hours: number;
  skillHours: Array<{ skillSet: string; hours: number }>;
  completedOn: string;
}

/** What a certificate is of: one completion, or one assessment in one fiscal year. */
export type CertificateSubject =
  | { kind: 'module'; entryRootId: EntryId }
  | { kind: 'assessment'; assessmentCode: string; fiscalYear: number };

export interface StoredCertificate {
  tenantId: TenantId;
  personId: PersonId;
  publicId: string;
  kind: CertificateKind;
  facts: CertificateFacts;
  issuedAt: Date;
  status: CertificateStatus;
}

export interface CertificateStore {
  /** The administrators' settings ('' where unset) and the LMS's name for the organisation. */
  settings(tenantId: TenantId): Promise<{ settings: CertificateSettings; lmsName: string }>;
  /** Replaces the settings, with its audit row (written only when a value changed). */
  saveSettings(tenantId: TenantId, settings: CertificateSettings, audit: AuditEntry): Promise<void>;
  /** The person's name as the LMS last gave it (undefined when its privacy settings withhold it). */
  personName(person: PersonKey): Promise<string | undefined>;
  /** The person's module completions that stand, newest first; with `entryRootId`, that one only. */
  standingCompletions(person: PersonKey, entryRootId?: EntryId): Promise<StandingCompletion[]>;
  /**
   * Issues the certificate of `subject` with `facts`, unless it was issued already: then the first one is returned
   * as it was (idempotent; two requests at once make one row).
   */
  issue(person: PersonKey, subject: CertificateSubject, facts: CertificateFacts): Promise<StoredCertificate>;
  /** The certificate of `subject` if issued. */
  find(person: PersonKey, subject: CertificateSubject): Promise<StoredCertificate | undefined>;
  /**
   * Every certificate issued to the person, with what it is of and whether it stands, newest first: the lists
   * mark the ones that no longer stand (one indexed read of a handful of rows).
   */
  issuedTo(person: PersonKey): Promise<Array<StoredCertificate & { subject: CertificateSubject }>>;
  /** By its public id, in any organisation (the public verification page): one indexed read. */
  byPublicId(publicId: string): Promise<StoredCertificate | undefined>;
  /** The organisation's certificates, newest first, for administrators. */
  list(
    tenantId: TenantId,
    page: { offset: number; limit: number },
  ): Promise<{ rows: StoredCertificate[]; count: number }>;
  /** Revokes one of the organisation's certificates with its audit row; 'notFound' outside it. */
  revoke(
    tenantId: TenantId,
    publicId: string,
    reason: string,
    audit: AuditEntry,
  ): Promise<'revoked' | 'alreadyRevoked' | 'notFound'>;
}
