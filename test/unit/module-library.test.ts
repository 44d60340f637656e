import { searchText } from '../../src/domain/catalogue/module-filter';
import {
  findInLibrary,
  libraryStatus,
  LIBRARY_PAGE_SIZE,
  type LibraryModule,
} from '../../src/domain/catalogue/module-library';
import { excerpt } from '../../src/http/view-models/module-library.view-model';

describe('libraryStatus', () => {
  it.each([
    ['nothing done', { started: false }, 'not-started'],
    ['a page viewed or the quiz answered', { started: true }, 'in-progress'],
    [
      'completed, whatever was viewed since',
      { started: true, completedOn: '2026-01-05', bestScore: 80 },
      'completed',
    ],
    // A completion imported or recorded without any page view is still a completion.
    ['completed without progress rows', { started: false, completedOn: '2026-01-05' }, 'completed'],
  ] as const)('%s: %s', (_name, standing, expected) => {
    expect(libraryStatus(standing)).toBe(expected);
  });
});

describe('searchText', () => {
  it.each([
    ['case and surrounding spaces', '  PDPA For ', 'pdpafor'],
    ['spaces inside Thai', 'คุ้มครอง ข้อมูล', 'คุ้มครองข้อมูล'],
    ['SARA AM typed as NIKHAHIT + SARA AA', 'ท\u0e4d\u0e32งาน', 'ทำงาน'.normalize('NFKC')],
    ['zero-width spaces and direction marks', 'ข้อ\u200bมูล\u200e', 'ข้อมูล'],
    ['full-width Latin', 'ＰＤＰＡ', 'pdpa'],
  ])('%s', (_name, input, expected) => {
    expect(searchText(input)).toBe(expected);
  });
});

describe('findInLibrary', () => {
  const mod = (n: number, o: Partial<LibraryModule> = {}): LibraryModule & { n: number } => ({
    n,
    status: 'published',
    title: { th: `บทเรียนที่ ${n}`, en: `Module ${n}` },
    category: 70,
    languages: ['th', 'en'],
    mappings: [{ skillSet: n % 2 ? 'DL' : 'DG' }],
    standing: { started: n % 3 === 0, ...(n % 5 === 0 ? { completedOn: '2026-01-05' } : {}) },
    ...o,
  });
  const all = Array.from({ length: 45 }, (_, i) => mod(i + 1));
  const ns = (xs: ReadonlyArray<{ n: number }>) => xs.map((x) => x.n);

  it('pages by twenty, in the order given, a page past the end showing the last', () => {
    expect(LIBRARY_PAGE_SIZE).toBe(20);
    expect(findInLibrary(all, {}, 1)).toMatchObject({ page: 1, pages: 3, count: 45 });
    expect(ns(findInLibrary(all, {}, 3).items)).toEqual([41, 42, 43, 44, 45]);
    expect(findInLibrary(all, {}, 9).page).toBe(3);
  });

  it('filters by standing, skill set, category and text together', () => {
    expect(ns(findInLibrary(all, { status: 'completed' }, 1).items)).toEqual([
      5, 10, 15, 20, 25, 30, 35, 40, 45,
    ]);
    expect(ns(findInLibrary(all, { status: 'in-progress', skillSet: 'DG' }, 1).items)).toEqual([
      6, 12, 18, 24, 36, 42,
    ]);
    expect(ns(findInLibrary(all, { status: 'not-started', q: 'บทเรียนที่ 1' }, 1).items)).toEqual([
      1, 11, 13, 14, 16, 17, 19,
    ]);
    expect(ns(findInLibrary(all, { q: 'module4' }, 1).items)).toEqual([4, 40, 41, 42, 43, 44, 45]);
    expect(findInLibrary(all, { category: 10 }, 1)).toMatchObject({ items: [], page: 1, pages: 1, count: 0 });
  });
});

describe('excerpt', () => {
  it('keeps a short text whole, and cuts a long one where a word ends, Thai words too', () => {
    expect(excerpt('  Short   text ', 20)).toBe('Short text');
    expect(excerpt('Get to know the parts of a computer', 20)).toBe('Get to know the…');
    const thai = excerpt('ทำความรู้จักส่วนประกอบของคอมพิวเตอร์และระบบปฏิบัติการ', 20);
    expect(thai.endsWith('…')).toBe(true);
    expect('ทำความรู้จักส่วนประกอบของคอมพิวเตอร์และระบบปฏิบัติการ'.startsWith(thai.slice(0, -1))).toBe(true);
    // Not inside a word: the cut falls between ICU's Thai words.
    expect(['ทำความรู้จัก', 'ทำความรู้จักส่วน']).toContain(thai.slice(0, -1));
  });
});
