import fs from 'node:fs';
import path from 'node:path';

// Issue #18 item 3: one numeral style per page. Pages write numbers in Arabic digits (hours, Buddhist-era years,
// page counts), so the shipped data and the translations must not bring Thai digits onto the same page. The one
// exception is a proper name: the font TH SarabunIT๙, which a module about official documents names.
const ROOT = path.join(__dirname, '..', '..');
const PROPER_NAMES = /SarabunIT๙/g;

function* jsonFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* jsonFiles(p);
    else if (entry.name.endsWith('.json')) yield p;
  }
}

const files = [
  ...jsonFiles(path.join(ROOT, 'config')),
  ...jsonFiles(path.join(ROOT, 'src', 'i18n', 'locales')),
];

it('finds the shipped data and translations', () => {
  expect(files.length).toBeGreaterThan(10);
});

it.each(files.map((f) => [path.relative(ROOT, f)]))('%s writes numbers in Arabic digits', (file) => {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(PROPER_NAMES, '');
  const thaiDigits = [...text.matchAll(/.{0,20}[\u0E50-\u0E59]+.{0,10}/g)].map((m) => m[0]);
  expect(thaiDigits).toEqual([]);
});
