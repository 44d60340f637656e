import fs from 'node:fs';
import path from 'node:path';
import { user } from '../support/simulated-lms';
import { openSession, startTestApp, withLtik, type TestApp } from '../support/test-app';

const OCSC = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '../../config/frameworks/ocsc-digital-government-skills.json'),
    'utf8',
  ),
) as { notes: { th: string; en: string }; source: { th: string; en: string } };

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('the public framework page', () => {
  it.each([
    ['th', 'หนังสือสำนักงาน ก.พ. ที่ นร 1033/ว 6 ลงวันที่ 18 พฤษภาคม 2561'],
    ['en', 'Office of the Civil Service Commission (OCSC) circular นร 1033/ว 6 of 18 May 2018'],
  ] as const)(
    "when opened in %s, then the source is the OCSC circular and the translators' notes are not shown",
    async (locale, circular) => {
      const s = await openSession(t, user({ locale }));
      const res = await s.agent.get(withLtik(s, '/app/framework'));
      expect(res.status).toBe(200);
      const source = /data-testid="framework-source">([\s\S]*?)<\/p>/.exec(res.text)![1]!;
      expect(source).toContain(circular);
      // The municipal plan is named only as where the text was taken from, after the circular.
      expect(source.indexOf(circular)).toBe(source.search(/หนังสือ|Office/));
      expect(OCSC.source[locale].startsWith(circular)).toBe(true);
      expect(res.text).not.toContain(OCSC.notes[locale].slice(0, 40));
      expect(res.text).not.toContain('(OCR)');
    },
  );
});
