import { createHash, randomUUID } from 'node:crypto';
import {
  decodeImport,
  namesInImport,
  planImport,
  readImportRows,
  type FileProblem,
  type ImportEncoding,
  type ImportPerson,
  type ImportPlan,
} from '../domain/agency/target-group-import';
import type { PersonId, TenantId } from '../shared/ids';
import type { UseCaseDeps } from './deps';

/** What an import would do, row by row, bound to the exact text read (its digest) and to a token of its own. */
export interface ImportPreview {
  /** The file's text, decoded: the confirm form sends it back. */
  text: string;
  encoding: ImportEncoding;
  /** SHA-256 (hex) of the text: the confirm applies a text only if it is the one previewed. */
  sha256: string;
  /** Made for this preview: a second confirm with it writes nothing. */
  token: string;
  plan: ImportPlan;
}

/**
 * The text as the confirm form carries it: browsers send every line break of a form's field as CRLF, and HTML
 * turns CRLF in an attribute into LF, so line breaks are made LF before the text is shown, hashed or read.
 */
export const canonicalImportText = (text: string): string => text.replace(/\r\n?/g, '\n');

/** The digest that binds a confirm to its preview (of the canonical text). */
export const importDigest = (text: string): string =>
  createHash('sha256').update(canonicalImportText(text), 'utf8').digest('hex');

/** Judges an import against the organisation's people now; nothing is written. */
export async function planTargetImport(
  deps: Pick<UseCaseDeps, 'targetGroups' | 'frameworks'>,
  input: { tenantId: TenantId; importer: PersonId; text: string },
): Promise<ImportPlan | FileProblem> {
  const read = readImportRows(input.text);
  if ('code' in read) return read;
  const [stored, people] = await Promise.all([
    deps.frameworks.forTenant(input.tenantId),
    deps.targetGroups.peopleNamed(input.tenantId, namesInImport(read.rows)),
  ]);
  const byUserId = new Map<string, ImportPerson>();
  const byEmail = new Map<string, ImportPerson[]>();
  for (const p of people) {
    byUserId.set(p.platformUserId, p);
    if (p.email) {
      const key = p.email.toLowerCase();
      byEmail.set(key, [...(byEmail.get(key) ?? []), p]);
    }
  }
  return planImport(
    read.rows,
    { byUserId, byEmail },
    stored.framework.targetGroups.map((g) => ({ code: g.code, name: g.name })),
    input.importer,
  );
}

/**
 * Reads an uploaded or pasted file (bytes: UTF-8, with or without a BOM, or Excel's Thai Windows-874) and previews
 * it; the file's problem when it cannot be read as a whole. Nothing is written.
 */
export async function previewTargetImport(
  deps: Pick<UseCaseDeps, 'targetGroups' | 'frameworks'>,
  input: { tenantId: TenantId; importer: PersonId; bytes: Uint8Array },
): Promise<ImportPreview | FileProblem> {
  const decoded = decodeImport(input.bytes);
  if ('code' in decoded) return decoded;
  const text = canonicalImportText(decoded.text);
  const plan = await planTargetImport(deps, { ...input, text });
  if ('code' in plan) return plan;
  return {
    text,
    encoding: decoded.encoding,
    sha256: importDigest(text),
    token: randomUUID(),
    plan,
  };
}
