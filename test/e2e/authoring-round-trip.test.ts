import fs from 'node:fs';
import path from 'node:path';
import {
  MAX_MODULE_BYTES,
  moduleBytes,
  normaliseNewlines,
  type ModuleContent,
} from '../../src/domain/catalogue/learning-module';
import { moduleFormValues } from '../../src/use-cases/module-form';
import { browserFormEntries, urlencoded } from '../support/html-form';
import { MOODLE_ROLES, user } from '../support/simulated-lms';
import { openSession, startTestApp, withLtik, type Session, type TestApp } from '../support/test-app';

// Opening a module in the authoring form and saving it as a browser does must give back the very same module:
// the form's HTML is parsed as a browser parses it (parse5: entities decoded, the newline right after <textarea>
// dropped) and posted back as a browser posts it (textarea line breaks as CRLF, spaces as +).
let t: TestApp;
let s: Session;
beforeAll(async () => {
  t = await startTestApp({ GRADE_POLL_MS: '3600000' });
  // An administrator (Moodle's site administrator): editing the catalogue is organisation-wide content.
  s = await openSession(t, user({ roles: MOODLE_ROLES.siteAdmin(), locale: 'th' }));
  // The first catalogue page gives the tenant the shipped modules.
  expect((await s.agent.get(withLtik(s, '/app/catalogue'))).status).toBe(200);
});
afterAll(async () => {
  await t.close();
});

const modulesDir = path.join(__dirname, '..', '..', 'config', 'catalogue', 'modules');
const shipped = fs
  .readdirSync(modulesDir)
  .filter((f) => f.endsWith('.json'))
  .map(
    (f) => JSON.parse(fs.readFileSync(path.join(modulesDir, f), 'utf8')) as ModuleContent & { slug: string },
  );

const versions = (slug: string) =>
  t.db.query<{ version: number; status: string; content: ModuleContent }>(
    `SELECT v.version, v.status, v.content FROM module_versions v JOIN modules m ON m.id = v.module_id
      WHERE m.slug = $1 ORDER BY v.version`,
    [slug],
  );

/** The edit page's form as the browser would send it when `action` is pressed. */
async function openForm(slug: string, action = 'publish') {
  const page = await s.agent.get(withLtik(s, `/app/catalogue/${slug}/edit`));
  expect(page.status).toBe(200);
  return browserFormEntries(page.text, { name: 'action', value: action });
}
const press = (form: { action: string; entries: Array<[string, string]> }) =>
  s.agent.post(form.action).type('form').send(urlencoded(form.entries));
/** Field name -> value, without the button that was pressed. */
const fields = (entries: Array<[string, string]>) =>
  Object.fromEntries(entries.filter(([k]) => k !== 'action'));
const lf = (v: Record<string, string>) =>
  Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normaliseNewlines(x)]));

/**
 * Preview, add a page and add a question (each answers the same form again, nothing saved), then save unchanged:
 * every field must come back as it went out, and the save must add no version.
 */
async function expectRoundTrip(slug: string, actions = ['preview', 'add-page', 'add-question', 'preview']) {
  const before = await versions(slug);
  const first = await openForm(slug, actions[0] ?? 'publish');
  const original = fields(first.entries);
  let form = first;
  for (const [i] of actions.entries()) {
    const res = await press(form);
    expect(res.status).toBe(200);
    form = browserFormEntries(res.text, { name: 'action', value: actions[i + 1] ?? 'publish' });
    const now = fields(form.entries);
    // Every field that was there is byte-for-byte the same; the added slots are new, empty fields (but a page's
    // number and a question's kind).
    expect(Object.fromEntries(Object.keys(original).map((k) => [k, now[k]]))).toEqual(original);
    const added = Object.entries(now).filter(([k]) => !(k in original) && !/\.(order|kind)$/.test(k));
    expect(added.filter(([, v]) => v.trim() !== '')).toEqual([]);
  }
  const saved = await press(form);
  expect(saved.status).toBe(303);
  expect(saved.headers.location).toContain('unchanged=1');
  const after = await versions(slug);
  expect(after).toEqual(before);
  // And the form opened again holds the same values (LF in the tool, CRLF on the wire).
  expect(lf(fields((await openForm(slug)).entries))).toEqual(lf(original));
}

/** Deterministic Markdown from awkward pieces: indentation, tabs, Thai, lists, code, CRLF and LF, edges. */
function generatedMarkdown(seed: number, n: number): string[] {
  const pieces = [
    '    indented code line',
    '\tทำตามขั้นตอน\tต่อไปนี้',
    '- รายการแรก\n  - รายการย่อย\n- second item',
    '1. หนึ่ง\r\n2. สอง\r\n3. สาม',
    '```js\nconst x = 1;\n\n  if (x) {\n\treturn "ok";\n  }\n```',
    'ข้อมูลส่วนบุคคล **ต้องได้รับความยินยอม** ก่อนเก็บ',
    '> quoted & <b>not html</b> "quotes" \'single\'',
    '\r\n',
    '\n\n',
    '   ',
    'trailing spaces   ',
    '\r',
    '| ก | ข |\n|---|---|\n| 1 | 2 |',
  ];
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x;
  };
  return Array.from({ length: n }, (_, i) => {
    const parts = Array.from({ length: 3 + (next() % 6) }, () => pieces[next() % pieces.length]!);
    // Edges on purpose: some bodies open with a blank line or spaces, some end with newlines.
    const lead = ['', '\n', '  ', '\r\n\r\n', '\t'][i % 5]!;
    const tail = ['', '\n', '\r\n\r\n', '  \n', ''][i % 5]!;
    return `${lead}เนื้อหา ${i}${parts.join(i % 2 ? '\r\n' : '\n')}${tail}`;
  });
}

function moduleWith(pages: Array<{ th: string; en: string }>, o: Partial<ModuleContent> = {}): ModuleContent {
  return {
    title: { th: 'ทดสอบการแก้ไข', en: 'Edit round trip' },
    summary: { th: 'สรุป\r\n  บรรทัดที่สอง\n', en: '  Summary\twith a tab\n\n' },
    category: 70,
    estimatedHours: 2,
    completionRule: { kind: 'pages-and-quiz', passPercent: 80 },
    pages: pages.map((body, i) => ({ title: { th: `หน้า ${i + 1}`, en: `Page ${i + 1}` }, body })),
    videos: [],
    attachments: [],
    quiz: {
      questions: [
        {
          kind: 'single',
          prompt: { th: 'ข้อใดถูก "จริง" & <ถูก>', en: 'Which is right "really" & <so>?' },
          options: [
            { text: { th: 'ก', en: 'A' }, correct: true, feedback: { th: 'ใช่', en: 'Yes' } },
            { text: { th: 'ข', en: 'B' }, correct: false, feedback: { th: 'ไม่ใช่', en: 'No' } },
          ],
        },
      ],
    },
    mappings: [{ skillSet: 'DG', hours: 1 }],
    ...o,
  };
}

/** Creates a module through the new-module form (posted as a browser would: CRLF) and returns its slug. */
async function create(m: ModuleContent): Promise<string> {
  const values = moduleFormValues(m);
  const crlf = Object.entries(values).map(([k, v]): [string, string] => [k, v.replace(/\r?\n/g, '\r\n')]);
  const res = await s.agent
    .post(withLtik(s, '/app/catalogue/new'))
    .type('form')
    .send(urlencoded([...crlf, ['action', 'publish']]));
  expect(res.status).toBe(303);
  return new URL(res.headers.location as string, 'http://x').searchParams.get('saved')!;
}

describe('authoring form round trip', () => {
  it.each(shipped.map((m) => [m.slug]))(
    'when the shipped module %s is opened, previewed, given an empty page and question, and saved unchanged, then every field is as it was and no version is added',
    async (slug) => {
      await expectRoundTrip(slug);
      const [only] = await versions(slug);
      // The stored content is still the file's, text for text.
      const file = shipped.find((m) => m.slug === slug)!;
      expect(only!.content.pages).toEqual(file.pages);
      expect(only!.content.summary).toEqual(file.summary);
      expect(only!.content.quiz).toEqual(file.quiz);
    },
  );

  it('when Markdown with leading spaces, tabs, Thai, lists, code blocks, CRLF and trailing newlines is saved and reopened, then it is kept byte for byte (line breaks as LF)', async () => {
    const bodies = generatedMarkdown(7, 24);
    const pages = Array.from({ length: 12 }, (_, i) => ({ th: bodies[2 * i]!, en: bodies[2 * i + 1]! }));
    const m = moduleWith(pages);
    const slug = await create(m);
    const [stored] = await versions(slug);
    expect(stored!.content.pages.map((p) => p.body)).toEqual(
      pages.map((b) => ({ th: normaliseNewlines(b.th), en: normaliseNewlines(b.en) })),
    );
    expect(stored!.content.summary).toEqual({ th: 'สรุป\n  บรรทัดที่สอง\n', en: '  Summary\twith a tab\n\n' });
    await expectRoundTrip(slug);
  });

  it('when a module of the largest size the tool accepts (Thai text, line breaks, quotes) is saved and reopened, then it can be saved again unchanged; a larger one is refused with a message, not a 413', async () => {
    // Thai text with line breaks and quotes: the most bytes per character once posted as a form.
    const line = 'ข้อมูลส่วนบุคคล "สำคัญ" & <ลับ>\n';
    const pageOf = (chars: number) => ({
      th: line.repeat(Math.ceil(chars / line.length)).slice(0, chars),
      en: line.repeat(Math.ceil(chars / line.length)).slice(0, chars),
    });
    const sized = (pages: number, chars: number) =>
      moduleWith(Array.from({ length: pages }, () => pageOf(chars)));
    // As many pages as fit: the largest module just under the limit.
    let chars = 400;
    while (moduleBytes(sized(99, chars + 10)) <= MAX_MODULE_BYTES) chars += 10;
    while (moduleBytes(sized(99, chars + 1)) <= MAX_MODULE_BYTES) chars += 1;
    const largest = sized(99, chars);
    expect(moduleBytes(largest)).toBeGreaterThan(MAX_MODULE_BYTES - 2000);
    const slug = await create(largest);
    await expectRoundTrip(slug);

    const tooLarge = sized(99, chars + 20);
    expect(moduleBytes(tooLarge)).toBeGreaterThan(MAX_MODULE_BYTES);
    const before = await t.db.query('SELECT id FROM module_versions');
    const res = await s.agent
      .post(withLtik(s, '/app/catalogue/new'))
      .type('form')
      .send(urlencoded([...Object.entries(moduleFormValues(tooLarge)), ['action', 'publish']]));
    expect(res.status).toBe(422);
    expect(res.text).toContain('รับได้ไม่เกิน 256 kB');
    expect(await t.db.query('SELECT id FROM module_versions')).toEqual(before);
  });

  it('when a module has the most fields the tool accepts (a hundred questions of short options), then it can be saved again unchanged', async () => {
    const option = (j: number) => ({
      text: { th: `ข้อ ${j}`, en: `O${j}` },
      correct: j === 0,
      feedback: { th: 'ก', en: 'a' },
    });
    const withOptions = (n: number) =>
      moduleWith([{ th: 'หน้าเดียว', en: 'One page' }], {
        quiz: {
          questions: Array.from({ length: 100 }, (_, i) => ({
            kind: 'single' as const,
            prompt: { th: `คำถาม ${i}`, en: `Q${i}` },
            options: Array.from({ length: n }, (_, j) => option(j)),
          })),
        },
      });
    let n = 2;
    while (moduleBytes(withOptions(n + 1)) <= MAX_MODULE_BYTES) n += 1;
    const slug = await create(withOptions(n));
    // Opened and saved only: the previews of a form this size are the same code as above, at seconds each.
    await expectRoundTrip(slug, []);
  }, 60_000);
});
