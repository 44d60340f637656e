import fs from 'node:fs/promises';
import type PDFKitDocument from 'pdfkit';
import type { Font } from 'fontkit';
import type { CertificateFacts } from '../domain/certificates/certificate';
import { formatDate, t, type Locale } from '../i18n/i18n';
import { formatHours } from '../shared/hours-text';

/**
 * A certificate as a PDF (A4 landscape), in Thai or English: pdfkit lays it out and fontkit shapes the text with
 * the font's OpenType tables (GSUB and GPOS: Thai vowels and tone marks placed over and under their consonants,
 * sara am decomposed). The font is Sarabun (SIL Open Font Licence) from @expo-google-fonts/sarabun, the complete
 * TrueType files (Thai and Latin in one file; @fontsource/sarabun has only per-script web subsets), embedded in
 * each PDF as a subset, so the certificate prints the same everywhere.
 */
const FONT = {
  regular: require.resolve('@expo-google-fonts/sarabun/400Regular/Sarabun_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/sarabun/600SemiBold/Sarabun_600SemiBold.ttf'),
};
/**
 * pdfkit, fontkit, qrcode and the fonts are loaded at the first certificate, once per process, not at start: they
 * cost a start-up 0.2 s (seconds on a busy host) and tens of MB that a tool serving launches never needs.
 *
 * Each font is parsed once per process (fontkit), and the parsed font is handed to every document (pdfkit takes a
 * fontkit Font as well as the file's bytes). Given the bytes, pdfkit parsed the file again for each document, and
 * fontkit decoded the OpenType tables that Thai needs (GSUB, GPOS: hundreds of lookups) again at each first use:
 * about two thirds of a certificate's CPU time. Sharing is safe: each document makes its own subset of the font
 * (`createSubset`), fontkit's caches are of glyphs and tables read from the unchanging file, and a document is
 * laid out and ended in one synchronous run (no await between `new PDFDocument` and `doc.end()`), so two documents
 * never use the font's read position at the same time. The glyphs are the same; so is the text layer: fontkit keeps
 * the characters a glyph was first made for, and in Sarabun no glyph stands for two characters (sara am, whose
 * decomposition would, is decomposed before layout, see `pdfString`).
 */
let writer:
  | Promise<{
      PDFDocument: typeof PDFKitDocument;
      QRCode: typeof import('qrcode');
      fonts: { regular: Font; bold: Font };
    }>
  | undefined;
function loadWriter() {
  writer ??= Promise.all([
    // fontkit after pdfkit, which imports it too: jest's ES module linker fails on one module imported twice at once.
    import('pdfkit').then(async (pdfkit) => [pdfkit, await import('fontkit')] as const),
    import('qrcode'),
    fs.readFile(FONT.regular),
    fs.readFile(FONT.bold),
  ]).then(([[pdfkit, fontkit], qrcode, regular, bold]) => ({
    PDFDocument: pdfkit.default,
    QRCode: qrcode,
    fonts: { regular: parseFont(fontkit, regular), bold: parseFont(fontkit, bold) },
  }));
  return writer;
}

function parseFont(fontkit: typeof import('fontkit'), bytes: Buffer): Font {
  const font = fontkit.create(bytes);
  if (!('layout' in font)) throw new Error('a certificate font is a collection, not one font');
  return font;
}

/**
 * Every string as it is written into the PDF:
 * - direction controls (U+202A–U+202E, U+2066–U+2069, LRM, RLM) dropped: a PDF has no bidi isolation, and a U+202E
 *   in a name must not turn the text after it around;
 * - sara am (U+0E33) written as nikhahit + sara aa (U+0E4D U+0E32, its Unicode compatibility decomposition). The
 *   font's ccmp splits sara am into those two glyphs anyway (so that a tone mark sits above the nikhahit), but the
 *   split-off sara aa has no character of its own, and pdfkit's text layer (one character per glyph) then reads
 *   "กำา" where the page shows "กำ". Given the two characters, the same glyphs are drawn and the text layer reads
 *   them back exactly (NFKC-equal to the original: copying and searching the PDF work).
 */
const DIRECTION_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
export const pdfString = (s: string): string =>
  s
    .replace(DIRECTION_CONTROLS, '')
    .normalize('NFC')
    .replace(/\u0E33/g, '\u0E4D\u0E32');
const plain = pdfString;

export interface CertificatePdfInput {
  facts: CertificateFacts;
  locale: Locale;
  /** The public verification page of this certificate. */
  verificationUrl: string;
  issuedAt: Date;
}

const INK = '#1b2a3a';
const ACCENT = '#0b5cab';
const MUTED = '#4a5a6a';

/** The PDF's bytes. */
export async function certificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const { facts, locale: l, verificationUrl } = input;
  const { PDFDocument, QRCode, fonts: fontData } = await loadWriter();
  const qr = QRCode.create(verificationUrl, { errorCorrectionLevel: 'M' });
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    info: {
      Title: `${t(l, `certificate.pdf.heading.${facts.kind}`)}: ${facts.personName.replace(DIRECTION_CONTROLS, '')}`,
      Author: facts.organisation[l].replace(DIRECTION_CONTROLS, ''),
      Creator: 'DigiSkill',
    },
    lang: l === 'th' ? 'th-TH' : 'en-GB',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // @types/pdfkit lists the font sources of older pdfkit; 0.20 also takes a parsed fontkit Font (see loadWriter).
  doc.registerFont('regular', fontData.regular as unknown as Buffer);
  doc.registerFont('bold', fontData.bold as unknown as Buffer);

  const W = doc.page.width;
  const H = doc.page.height;
  // The frame: an outer rule and a thin inner one.
  doc
    .lineWidth(3)
    .strokeColor(ACCENT)
    .rect(24, 24, W - 48, H - 48)
    .stroke();
  doc
    .lineWidth(0.75)
    .rect(34, 34, W - 68, H - 68)
    .stroke();

  const x = 70;
  const width = W - 140;
  const centred = (font: 'regular' | 'bold', size: number, text: string, color = INK, gap = 6) => {
    doc.font(font).fontSize(size).fillColor(color).text(plain(text), x, doc.y, { width, align: 'center' });
    doc.moveDown(gap / size);
  };

  doc.y = 62;
  centred('bold', 18, plain(facts.organisation[l]), MUTED, 10);
  centred('bold', 30, t(l, `certificate.pdf.heading.${facts.kind}`), ACCENT, 14);
  centred('regular', 15, t(l, 'certificate.pdf.certifies'), INK, 6);
  centred('bold', 26, plain(facts.personName), INK, 8);
  centred('regular', 15, t(l, `certificate.pdf.what.${facts.kind}`), INK, 4);
  centred('bold', 20, plain(facts.title[l]), INK, 8);
  const date = formatDate(l, new Date(`${facts.on}T12:00:00+07:00`));
  const hours = formatHours(facts.hours, l);
  centred(
    'regular',
    14,
    facts.kind === 'module'
      ? t(l, 'certificate.pdf.hoursOn.module', { hours, date })
      : t(l, 'certificate.pdf.hoursOn.assessment', { hours, date, fiscalYear: fiscalYearText(l, facts) }),
    INK,
    8,
  );
  if (facts.skillSets.length > 0) {
    centred('bold', 12, t(l, 'certificate.pdf.skillSets'), MUTED, 2);
    for (const s of facts.skillSets)
      centred(
        'regular',
        12,
        s.hours !== undefined
          ? t(l, 'certificate.pdf.skillSetHours', { name: s.name[l], hours: formatHours(s.hours, l) })
          : s.name[l],
        INK,
        1,
      );
  }

  // The foot: the QR code and the link on the left, the signature (when set) on the right, the disclaimer below.
  const footTop = H - 170;
  const qrSize = 88;
  drawQr(doc, qr.modules, 64, footTop, qrSize);
  doc
    .font('regular')
    .fontSize(9)
    .fillColor(MUTED)
    .text(plain(t(l, 'certificate.pdf.verify')), 64 + qrSize + 10, footTop + 20, { width: 260 })
    .font('regular')
    .fontSize(9)
    .fillColor(ACCENT)
    .text(verificationUrl, { width: 420, link: verificationUrl, underline: false, lineBreak: false })
    .fillColor(MUTED)
    .text(plain(t(l, 'certificate.pdf.issued', { date: formatDate(l, input.issuedAt) })), { width: 260 });

  if (facts.signatory) {
    const sx = W - 64 - 260;
    const sy = footTop + 46;
    doc
      .lineWidth(0.75)
      .strokeColor(INK)
      .moveTo(sx + 20, sy)
      .lineTo(sx + 240, sy)
      .stroke();
    doc
      .font('regular')
      .fontSize(12)
      .fillColor(INK)
      .text(`(${plain(facts.signatory.name)})`, sx, sy + 6, { width: 260, align: 'center' });
    if (facts.signatory.position[l])
      doc.fontSize(11).text(plain(facts.signatory.position[l]), sx, doc.y, { width: 260, align: 'center' });
  }

  doc
    .font('regular')
    .fontSize(8.5)
    .fillColor(MUTED)
    .text(plain(t(l, 'certificate.pdf.disclaimer')), 64, H - 62, { width: W - 128, align: 'center' });
  doc.end();
  return done;
}

function fiscalYearText(l: Locale, facts: CertificateFacts): string {
  const fy = facts.fiscalYear ?? 0;
  return String(l === 'th' ? fy : fy - 543);
}

/** The QR code's dark modules as filled squares (vector: sharp at any zoom, a few hundred bytes). */
function drawQr(
  doc: PDFKit.PDFDocument,
  modules: { size: number; get(row: number, col: number): number | boolean },
  x: number,
  y: number,
  size: number,
) {
  const n = modules.size;
  const cell = size / n;
  doc.fillColor('#000000');
  for (let r = 0; r < n; r += 1)
    for (let c = 0; c < n; c += 1) if (modules.get(r, c)) doc.rect(x + c * cell, y + r * cell, cell, cell);
  doc.fill();
}
