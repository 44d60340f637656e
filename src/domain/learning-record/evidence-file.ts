/**
 * Evidence files of logged learning: what a person may attach to an activity they log. The type is read from the
 * file's first bytes (its signature), never from its name or the type the browser declared, so that a program or
 * a web page renamed `.pdf` is refused. Pure: the bytes are a Uint8Array.
 */

/** The kinds of file accepted, as their media types. */
export const EVIDENCE_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

/** The most files one entry holds. */
export const MAX_EVIDENCE_FILES = 5;

/** The longest name kept (characters), for display and download. */
const MAX_NAME_LENGTH = 120;

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/**
 * The media type the bytes are, by their signature: PDF (`%PDF-`), PNG, JPEG (FF D8 FF), WebP (`RIFF....WEBP`);
 * undefined for anything else (an executable, HTML, a text file, an empty file).
 */
export function evidenceTypeOf(bytes: Uint8Array): EvidenceMediaType | undefined {
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return undefined;
}

/** The usual extension of each type: a name is given it when it lacks it, so that a download opens right. */
const EXTENSION: Record<EvidenceMediaType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/webp': ['webp'],
};

/**
 * A file's name as sent, made safe to show and to offer as a download name: the last path segment only, without
 * control, bidirectional-override or reserved characters, at most 120 characters, with the extension of its real
 * type (`scan.exe` that is a PDF becomes `scan.exe.pdf`). Thai and other letters are kept.
 */
export function evidenceFileName(sent: string, type: EvidenceMediaType): string {
  const base = sent.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // Control characters, bidirectional controls and characters that file systems or headers reserve.
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069"*:<>?|;]/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const ext = EXTENSION[type];
  const dot = cleaned.lastIndexOf('.');
  const hasExt = dot > 0 && ext.includes(cleaned.slice(dot + 1).toLowerCase());
  const stem = (hasExt ? cleaned.slice(0, dot) : cleaned) || 'evidence';
  const suffix = hasExt ? cleaned.slice(dot) : `.${ext[0]}`;
  return (
    Array.from(stem)
      .slice(0, MAX_NAME_LENGTH - suffix.length)
      .join('') + suffix
  );
}

/** One file as sent with a form. */
export interface SentEvidenceFile {
  name: string;
  bytes: Uint8Array;
}

/** A file accepted: its bytes, real type and clean name. */
export interface EvidenceFile {
  name: string;
  mediaType: EvidenceMediaType;
  bytes: Uint8Array;
}

export type EvidenceProblem =
  | { code: 'EVIDENCE_WRONG_TYPE'; name: string }
  | { code: 'EVIDENCE_EMPTY'; name: string }
  | { code: 'EVIDENCE_TOO_MANY'; max: number };

/**
 * Checks files sent for an entry that already holds `held`: each must be a PDF, PNG, JPEG or WebP by its bytes,
 * and the entry at most MAX_EVIDENCE_FILES. The size limit is the reader's (the body is cut off at it).
 */
export function checkEvidenceFiles(
  sent: readonly SentEvidenceFile[],
  held = 0,
): { files: EvidenceFile[] } | { problems: EvidenceProblem[] } {
  const problems: EvidenceProblem[] = [];
  const files: EvidenceFile[] = [];
  if (held + sent.length > MAX_EVIDENCE_FILES)
    problems.push({ code: 'EVIDENCE_TOO_MANY', max: MAX_EVIDENCE_FILES });
  for (const f of sent) {
    const mediaType = evidenceTypeOf(f.bytes);
    if (f.bytes.length === 0) problems.push({ code: 'EVIDENCE_EMPTY', name: f.name });
    else if (!mediaType) problems.push({ code: 'EVIDENCE_WRONG_TYPE', name: f.name });
    else files.push({ name: evidenceFileName(f.name, mediaType), mediaType, bytes: f.bytes });
  }
  return problems.length > 0 ? { problems } : { files };
}
