import { t, type Locale } from '../../i18n/i18n';
import type { EvidenceMediaType } from '../../domain/learning-record/evidence-file';
import type { EvidenceFileSummary } from '../../use-cases/ports/evidence';
import type { IconName } from '../icon-names';

/** A size in the reader's language: kB under a megabyte, else MB with one decimal (10 MB, 1.5 MB, 120 kB). */
export function fileSizeText(l: Locale, bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) {
    const n = Math.round(mb * 10) / 10;
    return t(l, 'evidence.size.mb', { n: n.toLocaleString(l === 'th' ? 'th-TH' : 'en-GB') });
  }
  return t(l, 'evidence.size.kb', { n: Math.max(1, Math.round(bytes / 1024)) });
}

const isPdf = (type: EvidenceMediaType) => type === 'application/pdf';

/** One evidence file as a record list shows it: its name, kind and size, and where it downloads from. */
export interface EvidenceLink {
  id: number;
  name: string;
  href: string;
  icon: IconName;
  typeText: string;
  sizeText: string;
  /** The link's full text for assistive technology (name, kind, size). */
  label: string;
}

export function evidenceLinks(l: Locale, files: readonly EvidenceFileSummary[]): EvidenceLink[] {
  return files.map((f) => {
    const typeText = t(l, isPdf(f.mediaType) ? 'evidence.type.pdf' : 'evidence.type.image');
    const sizeText = fileSizeText(l, f.size);
    return {
      id: f.id,
      name: f.name,
      href: `/app/evidence/${f.id}`,
      icon: isPdf(f.mediaType) ? 'file-text' : 'image',
      typeText,
      sizeText,
      label: t(l, 'evidence.download', { name: f.name, type: typeText, size: sizeText }),
    };
  });
}
