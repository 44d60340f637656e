import { certificatePdf, type CertificatePdfInput } from '../../src/http/certificate-pdf';
import type { CertificateFacts } from '../../src/domain/certificates/certificate';

const facts = (personName: string, o: Partial<CertificateFacts> = {}): CertificateFacts => ({
  kind: 'module',
  organisation: { th: 'สำนักงานคณะกรรมการข้าราชการพลเรือน', en: 'Office of the Civil Service Commission' },
  personName,
  title: { th: 'พื้นฐานคอมพิวเตอร์ ญัตติ ฐาน ปู่ ฎีกา', en: 'Computer basics, “safe” files' },
  hours: 3.5,
  on: '2026-11-30',
  skillSets: [{ code: 'DL', name: { th: 'การรู้ดิจิทัล', en: 'Digital literacy' }, hours: 3.5 }],
  signatory: { name: 'นายสมชาย ใจดี', position: { th: 'ผู้อำนวยการ', en: 'Director' } },
  ...o,
});
const input = (f: CertificateFacts, locale: 'th' | 'en'): CertificatePdfInput => ({
  facts: f,
  locale,
  verificationUrl: 'https://tool.example/certificates/AAAAAAAAAAAAAAAAAAAAAA',
  issuedAt: new Date('2026-12-01T03:00:00Z'),
});
/** The PDF without what differs by the second it was made: its creation date and the ID derived from it. */
const timeless = (pdf: Buffer) =>
  pdf
    .toString('latin1')
    .replace(/\(D:\d{14}Z\)/g, '(D:)')
    .replace(/\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/g, '/ID []');

describe('certificate PDFs laid out one after another in one process', () => {
  it('when many certificates were laid out before, then a certificate is the same as when it was laid out first (the fonts parsed once keep nothing of earlier documents)', async () => {
    const first = {
      th: await certificatePdf(input(facts('นางสาวกำไลทิพย์ ที่นี้สิ้นสุด'), 'th')),
      en: await certificatePdf(input(facts('นางสาวกำไลทิพย์ ที่นี้สิ้นสุด'), 'en')),
    };
    for (const name of ['ป้ำ ก้ำ น้ำ ฤๅษี ธุ์ ปั้น', 'Mr John O’Neil-Smith\u00a0Jr. ñ é ü', 'ฎีกา ญาติ ฐิติ ปุ๋ย'])
      for (const l of ['th', 'en'] as const)
        await certificatePdf(input(facts(name, { kind: 'assessment', fiscalYear: 2569 }), l));
    const again = {
      th: await certificatePdf(input(facts('นางสาวกำไลทิพย์ ที่นี้สิ้นสุด'), 'th')),
      en: await certificatePdf(input(facts('นางสาวกำไลทิพย์ ที่นี้สิ้นสุด'), 'en')),
    };
    expect(timeless(again.th)).toBe(timeless(first.th));
    expect(timeless(again.en)).toBe(timeless(first.en));
    expect(timeless(again.th)).not.toBe(timeless(again.en));
  });
});
