import { randomUUID } from 'node:crypto';
import {
  namesInOfficialImport,
  planOfficialImport,
  readOfficialRows,
  resultKey,
  type OfficialPerson,
  type OfficialPlan,
} from '../domain/agency/official-results-import';
import { decodeImport, type FileProblem, type ImportEncoding } from '../domain/agency/target-group-import';
import type { PersonId, TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';
import { officialCodes } from './official-codes';
import { canonicalImportText, importDigest } from './preview-target-import';

/** What an import of official results would do, row by row, bound to the exact text read and a token of its own. */
export interface OfficialPreview {
  text: string;
  encoding: ImportEncoding;
  sha256: string;
  token: string;
  plan: OfficialPlan;
}

export type OfficialDeps = Pick<UseCaseDeps, 'officialResults' | 'frameworks' | 'today'>;

/** Judges an import against the organisation's people, codes and results now; nothing is written. */
export async function planOfficialResults(
  deps: OfficialDeps,
  input: { tenantId: TenantId; importer: PersonId; text: string },
): Promise<OfficialPlan | FileProblem> {
  const read = readOfficialRows(input.text);
  if ('code' in read) return read;
  const [list, people] = await Promise.all([
    officialCodes(deps, input.tenantId),
    deps.officialResults.peopleNamed(input.tenantId, namesInOfficialImport(read.rows)),
  ]);
  const held = await deps.officialResults.heldBy(
    input.tenantId,
    people.map((p) => p.personId),
  );
  const byUserId = new Map<string, OfficialPerson>();
  const byEmail = new Map<string, OfficialPerson[]>();
  for (const p of people) {
    byUserId.set(p.platformUserId, p);
    if (p.email) {
      const key = p.email.toLowerCase();
      byEmail.set(key, [...(byEmail.get(key) ?? []), p]);
    }
  }
  return planOfficialImport(
    read.rows,
    { byUserId, byEmail },
    list.codes,
    new Map(held.map((h) => [resultKey(h), h])),
    input.importer,
    deps.today(),
  );
}

/**
 * Reads an uploaded or pasted file (UTF-8, with or without a BOM, or Excel's Thai Windows-874, as the target-group
 * import) and previews it; the file's problem when it cannot be read as a whole. Nothing is written.
 */
export async function previewOfficialImport(
  deps: OfficialDeps,
  input: { tenantId: TenantId; importer: PersonId; bytes: Uint8Array },
): Promise<OfficialPreview | FileProblem> {
  const decoded = decodeImport(input.bytes);
  if ('code' in decoded) return decoded;
  const text = canonicalImportText(decoded.text);
  const plan = await planOfficialResults(deps, { ...input, text });
  if ('code' in plan) return plan;
  return { text, encoding: decoded.encoding, sha256: importDigest(text), token: randomUUID(), plan };
}
