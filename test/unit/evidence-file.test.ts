import {
  checkEvidenceFiles,
  evidenceFileName,
  evidenceTypeOf,
  MAX_EVIDENCE_FILES,
} from '../../src/domain/learning-record/evidence-file';

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? Array.from(Buffer.from(p, 'latin1')) : p)));

describe('the type of an evidence file, by its first bytes', () => {
  it.each([
    ['a PDF', 'application/pdf', bytes('%PDF-1.7\n')],
    ['a PNG', 'image/png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])],
    ['a JPEG', 'image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])],
    ['a WebP', 'image/webp', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 ')],
    ['a Windows program', undefined, bytes('MZ', [0x90, 0])],
    ['a web page', undefined, bytes('<!doctype html><script>')],
    ['an SVG', undefined, bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
    ['a WAV (RIFF but not WebP)', undefined, bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt ')],
    ['a PDF signature not at the start', undefined, bytes(' %PDF-1.7')],
    ['a cut PNG signature', undefined, bytes([0x89, 0x50, 0x4e])],
    ['nothing', undefined, bytes()],
  ])('when the file is %s, then it is %s', (_what, type, b) => {
    expect(evidenceTypeOf(b)).toBe(type);
  });
});

describe('the name of an evidence file, cleaned for display and download', () => {
  it.each([
    ['วุฒิบัตร อบรม AI.pdf', 'วุฒิบัตร อบรม AI.pdf', 'application/pdf'],
    ['C:\\Users\\me\\scan.PDF', 'scan.PDF', 'application/pdf'],
    ['../../etc/passwd', 'passwd.pdf', 'application/pdf'],
    ['setup.exe', 'setup.exe.pdf', 'application/pdf'],
    ['photo.jpeg', 'photo.jpeg', 'image/jpeg'],
    ['photo', 'photo.webp', 'image/webp'],
    ['a\u202egpj.exe', 'agpj.exe.png', 'image/png'],
    ['"quoted"; name.pdf', 'quoted name.pdf', 'application/pdf'],
    ['...', 'evidence.png', 'image/png'],
    ['', 'evidence.pdf', 'application/pdf'],
  ] as const)('when the name sent is %j, then it is kept as %j', (sent, kept, type) => {
    expect(evidenceFileName(sent, type)).toBe(kept);
  });

  it('when a name is very long, then it is cut to 120 characters with its extension kept', () => {
    const name = evidenceFileName(`${'ก'.repeat(300)}.pdf`, 'application/pdf');
    expect(Array.from(name)).toHaveLength(120);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});

describe('files sent for an entry', () => {
  const pdf = { name: 'a.pdf', bytes: bytes('%PDF-1.4') };
  it('when every file is a PDF or an image and the entry has room, then they are accepted with their types', () => {
    expect(checkEvidenceFiles([pdf], MAX_EVIDENCE_FILES - 1)).toEqual({
      files: [{ name: 'a.pdf', mediaType: 'application/pdf', bytes: pdf.bytes }],
    });
  });
  it('when the entry is full, a file is empty or of another kind, then every problem is named and none is accepted', () => {
    expect(
      checkEvidenceFiles(
        [pdf, { name: 'x.pdf', bytes: bytes('MZ') }, { name: 'empty.png', bytes: bytes() }],
        MAX_EVIDENCE_FILES - 1,
      ),
    ).toEqual({
      problems: [
        { code: 'EVIDENCE_TOO_MANY', max: MAX_EVIDENCE_FILES },
        { code: 'EVIDENCE_WRONG_TYPE', name: 'x.pdf' },
        { code: 'EVIDENCE_EMPTY', name: 'empty.png' },
      ],
    });
  });
});
