import { randomBytes } from 'node:crypto';
import type { Database } from './database';
import {
  firstRow,
  int,
  isoDate,
  nullable,
  numeric,
  object,
  oneOf,
  oneRow,
  rows,
  storedDocument,
  text,
  timestamp,
} from './decode';
import { entryIdColumn, personIdColumn, tenantIdColumn } from './id-columns';
import { skillHoursList } from './record-rows';
import { writeAudit } from './audit.repository';
import {
  certificateStatus,
  type CertificateFacts,
  type CertificateSettings,
} from '../domain/certificates/certificate';
import type { PersonKey } from '../use-cases/ports/learner';
import type {
  CertificateStore,
  CertificateSubject,
  StoredCertificate,
} from '../use-cases/ports/certificates';

const facts = storedDocument<CertificateFacts>('certificate facts', [
  'kind',
  'organisation',
  'personName',
  'title',
  'hours',
  'skillSets',
  'on',
]);

/**
 * A certificate with what decides its status: the administrator's revocation, and for a completion the time its
 * chain was reversed (the newest row of the chain, when that is a reversal: one probe of learning_entries_chain).
 */
const COLUMNS = `c.tenant_id, c.person_id, c.public_id, c.kind, c.facts, c.issued_at, c.revoked_at,
  c.revoked_reason,
  (SELECT CASE WHEN e.kind = 'reversal' THEN e.created_at END FROM learning_entries e
    WHERE c.kind = 'module' AND e.tenant_id = c.tenant_id AND e.person_id = c.person_id
      AND coalesce(e.root_id, e.id) = c.entry_root_id
    ORDER BY e.id DESC LIMIT 1) AS reversed_at`;

const certificateRow = object({
  tenant_id: tenantIdColumn,
  person_id: personIdColumn,
  public_id: text,
  kind: oneOf('module', 'assessment'),
  facts,
  issued_at: timestamp,
  revoked_at: nullable(timestamp),
  revoked_reason: nullable(text),
  reversed_at: nullable(timestamp),
});

function stored(r: ReturnType<typeof certificateRow>): StoredCertificate {
  return {
    tenantId: r.tenant_id,
    personId: r.person_id,
    publicId: r.public_id,
    kind: r.kind,
    facts: r.facts,
    issuedAt: r.issued_at,
    status: certificateStatus({
      ...(r.revoked_at && r.revoked_reason !== null
        ? { revoked: { at: r.revoked_at, reason: r.revoked_reason } }
        : {}),
      ...(r.reversed_at ? { completionReversedAt: r.reversed_at } : {}),
    }),
  };
}

const completionRow = object({
  root_id: entryIdColumn,
  title: text,
  title_th: nullable(text),
  title_en: nullable(text),
  hours: numeric,
  skill_hours: skillHoursList,
  occurred_on: isoDate,
});

const settingsRow = object({
  organisation_th: nullable(text),
  organisation_en: nullable(text),
  signatory_name: nullable(text),
  signatory_position_th: nullable(text),
  signatory_position_en: nullable(text),
  lms_name: nullable(text),
});

/** 128 random bits, base64url: 22 characters, the verification link's key. */
export const newPublicId = (): string => randomBytes(16).toString('base64url');

function subjectFilter(subject: CertificateSubject, first: number): { sql: string; params: unknown[] } {
  return subject.kind === 'module'
    ? { sql: `c.kind = 'module' AND c.entry_root_id = $${first}`, params: [subject.entryRootId] }
    : {
        sql: `c.kind = 'assessment' AND c.assessment_code = $${first} AND c.fiscal_year = $${first + 1}`,
        params: [subject.assessmentCode, subject.fiscalYear],
      };
}

export function createCertificateRepository(
  db: Database,
  opts: { publicId?: () => string } = {},
): CertificateStore {
  const publicId = opts.publicId ?? newPublicId;

  async function find(person: PersonKey, subject: CertificateSubject) {
    const f = subjectFilter(subject, 3);
    const r = await firstRow(
      db,
      certificateRow,
      `SELECT ${COLUMNS} FROM certificates c WHERE c.tenant_id = $1 AND c.person_id = $2 AND ${f.sql}`,
      [person.tenantId, person.personId, ...f.params],
    );
    return r && stored(r);
  }

  return {
    async settings(tenantId) {
      const r = await oneRow(
        db,
        settingsRow,
        `SELECT s.organisation_th, s.organisation_en, s.signatory_name, s.signatory_position_th,
                s.signatory_position_en, coalesce(t.name, t.platform_name) AS lms_name
           FROM tenants t LEFT JOIN certificate_settings s ON s.tenant_id = t.id WHERE t.id = $1`,
        [tenantId],
      );
      return {
        settings: {
          organisation: { th: r.organisation_th ?? '', en: r.organisation_en ?? '' },
          signatoryName: r.signatory_name ?? '',
          signatoryPosition: { th: r.signatory_position_th ?? '', en: r.signatory_position_en ?? '' },
        },
        lmsName: r.lms_name ?? '',
      };
    },

    async saveSettings(tenantId, s: CertificateSettings, audit) {
      await db.transaction(async (tx) => {
        const before = await firstRow(
          tx,
          settingsRow,
          `SELECT organisation_th, organisation_en, signatory_name, signatory_position_th, signatory_position_en,
                  NULL::text AS lms_name
             FROM certificate_settings WHERE tenant_id = $1 FOR UPDATE`,
          [tenantId],
        );
        const values = [
          s.organisation.th,
          s.organisation.en,
          s.signatoryName,
          s.signatoryPosition.th,
          s.signatoryPosition.en,
        ];
        const old = before
          ? [
              before.organisation_th,
              before.organisation_en,
              before.signatory_name,
              before.signatory_position_th,
              before.signatory_position_en,
            ]
          : ['', '', '', '', ''];
        if (values.every((v, i) => v === old[i])) return;
        await tx.query(
          `INSERT INTO certificate_settings (tenant_id, organisation_th, organisation_en, signatory_name,
                                            signatory_position_th, signatory_position_en)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (tenant_id) DO UPDATE SET organisation_th = EXCLUDED.organisation_th,
             organisation_en = EXCLUDED.organisation_en, signatory_name = EXCLUDED.signatory_name,
             signatory_position_th = EXCLUDED.signatory_position_th,
             signatory_position_en = EXCLUDED.signatory_position_en, updated_at = now()`,
          [tenantId, ...values],
        );
        const keys = [
          'organisationTh',
          'organisationEn',
          'signatoryName',
          'signatoryPositionTh',
          'signatoryPositionEn',
        ];
        await writeAudit(tx, audit, {
          before: Object.fromEntries(keys.map((k, i) => [k, old[i]])),
          after: Object.fromEntries(keys.map((k, i) => [k, values[i]])),
        });
      });
    },

    async personName(person) {
      const r = await firstRow(
        db,
        object({ name: nullable(text) }),
        `SELECT name FROM people WHERE tenant_id = $1 AND id = $2`,
        [person.tenantId, person.personId],
      );
      return r?.name?.trim() || undefined;
    },

    async standingCompletions(person, entryRootId) {
      const found = await rows(
        db,
        completionRow,
        `SELECT o.id AS root_id, o.title, v.title_th, v.title_en, n.hours, n.skill_hours,
                n.occurred_on::text AS occurred_on
           FROM learning_entries o
           LEFT JOIN module_versions v ON v.id = o.module_version_id
           CROSS JOIN LATERAL (SELECT e.kind, e.hours, e.skill_hours, e.occurred_on FROM learning_entries e
                                WHERE e.tenant_id = o.tenant_id AND e.person_id = o.person_id
                                  AND coalesce(e.root_id, e.id) = o.id
                                ORDER BY e.id DESC LIMIT 1) n
          WHERE o.tenant_id = $1 AND o.person_id = $2 AND o.source = 'module' AND o.kind = 'entry'
            AND n.kind <> 'reversal' AND ($3::bigint IS NULL OR o.id = $3)
          ORDER BY n.occurred_on DESC, o.id DESC`,
        [person.tenantId, person.personId, entryRootId ?? null],
      );
      return found.map((r) => ({
        entryRootId: r.root_id,
        title: { th: r.title_th ?? r.title, en: r.title_en ?? r.title },
        hours: r.hours,
        skillHours: r.skill_hours.map((s) => ({ skillSet: s.skillSet, hours: s.hours })),
        completedOn: r.occurred_on,
      }));
    },

    async issue(person, subject, f) {
      const existing = await find(person, subject);
      if (existing) return existing;
      const columns =
        subject.kind === 'module'
          ? { sql: 'entry_root_id, assessment_code, fiscal_year', params: [subject.entryRootId, null, null] }
          : {
              sql: 'entry_root_id, assessment_code, fiscal_year',
              params: [null, subject.assessmentCode, subject.fiscalYear],
            };
      // Two requests at once: one inserts, the other's insert does nothing and it reads the winner's row.
      await db.query(
        `INSERT INTO certificates (tenant_id, person_id, public_id, kind, ${columns.sql}, facts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) ON CONFLICT DO NOTHING`,
        [person.tenantId, person.personId, publicId(), subject.kind, ...columns.params, JSON.stringify(f)],
      );
      const issued = await find(person, subject);
      if (!issued) throw new Error('certificate neither issued nor found');
      return issued;
    },

    find,

    async issuedTo(person) {
      const found = await rows(
        db,
        object({
          ...certificateRow.shape,
          entry_root_id: nullable(entryIdColumn),
          assessment_code: nullable(text),
          fiscal_year: nullable(int),
        }),
        `SELECT ${COLUMNS}, c.entry_root_id, c.assessment_code, c.fiscal_year FROM certificates c
          WHERE c.tenant_id = $1 AND c.person_id = $2 ORDER BY c.id DESC`,
        [person.tenantId, person.personId],
      );
      return found.map((r) => ({
        ...stored(r),
        subject:
          r.kind === 'module' && r.entry_root_id !== null
            ? { kind: 'module' as const, entryRootId: r.entry_root_id }
            : {
                kind: 'assessment' as const,
                assessmentCode: r.assessment_code ?? '',
                fiscalYear: r.fiscal_year ?? 0,
              },
      }));
    },

    async byPublicId(id) {
      const r = await firstRow(
        db,
        certificateRow,
        `SELECT ${COLUMNS} FROM certificates c WHERE c.public_id = $1`,
        [id],
      );
      return r && stored(r);
    },

    async list(tenantId, page) {
      const found = await rows(
        db,
        object({ ...certificateRow.shape, total: int }),
        `SELECT ${COLUMNS}, count(*) OVER () AS total FROM certificates c WHERE c.tenant_id = $1
          ORDER BY c.id DESC OFFSET $2 LIMIT $3`,
        [tenantId, page.offset, page.limit],
      );
      return { rows: found.map(stored), count: found[0]?.total ?? 0 };
    },

    async revoke(tenantId, id, reason, audit) {
      return db.transaction(async (tx) => {
        const r = await firstRow(
          tx,
          object({ person_id: personIdColumn, revoked_at: nullable(timestamp) }),
          `SELECT person_id, revoked_at FROM certificates WHERE tenant_id = $1 AND public_id = $2 FOR UPDATE`,
          [tenantId, id],
        );
        if (!r) return 'notFound';
        if (r.revoked_at) return 'alreadyRevoked';
        await tx.query(
          `UPDATE certificates SET revoked_at = now(), revoked_reason = $3, revoked_by = $4
            WHERE tenant_id = $1 AND public_id = $2`,
          [tenantId, id, reason, audit.by.personId],
        );
        await writeAudit(tx, { ...audit, subjectPersonId: r.person_id }, { reason });
        return 'revoked';
      });
    },
  };
}
