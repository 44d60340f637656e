import { filterModules, pageOf, type FilterableModule } from '../../src/domain/catalogue/module-filter';

const m = (o: Partial<FilterableModule> & { en: string }): FilterableModule & { en: string } => ({
  status: 'published',
  title: { th: `ไทย ${o.en}`, en: o.en },
  category: 70,
  languages: ['th', 'en'],
  mappings: [{ skillSet: 'DL' }],
  ...o,
});

const modules = [
  m({ en: 'Spreadsheets for budgets' }),
  m({ en: 'PDPA basics', mappings: [{ skillSet: 'DG' }], languages: ['th'] }),
  m({ en: 'Open data', mappings: [{ skillSet: 'DT' }, { skillSet: 'DL' }], category: 20 }),
  m({ en: 'Draft on leadership', status: 'draft', mappings: [{ skillSet: 'DLD' }], category: 10 }),
];
const names = (ms: ReadonlyArray<{ en: string }>) => ms.map((x) => x.en);

describe('filterModules', () => {
  it.each([
    [
      'no filter keeps everything in order',
      {},
      ['Spreadsheets for budgets', 'PDPA basics', 'Open data', 'Draft on leadership'],
    ],
    ['words match any case, in English', { q: '  pdpa ' }, ['PDPA basics']],
    ['words match the Thai title', { q: 'ไทย open' }, ['Open data']],
    ['an empty search is no search', { q: '   ' }, names(modules)],
    [
      'a skill set matches any of the mappings',
      { skillSet: 'DL' },
      ['Spreadsheets for budgets', 'Open data'],
    ],
    [
      'a group matches a module crediting any of its skill sets',
      { groupSkillSets: new Set(['DG', 'DT']) },
      ['PDPA basics', 'Open data'],
    ],
    ['an empty group set matches nothing', { groupSkillSets: new Set<string>() }, []],
    ['language', { lang: 'en' as const }, ['Spreadsheets for budgets', 'Open data', 'Draft on leadership']],
    ['category', { category: 20 as const }, ['Open data']],
    ['status', { status: 'draft' as const }, ['Draft on leadership']],
    ['filters combine', { skillSet: 'DL', category: 70 as const, q: 'budget' }, ['Spreadsheets for budgets']],
    ['no match', { skillSet: 'DL', status: 'draft' as const }, []],
  ])('%s', (_name, filter, expected) => {
    expect(names(filterModules(modules, filter))).toEqual(expected);
  });
});

describe('pageOf', () => {
  const items = Array.from({ length: 120 }, (_, i) => i + 1);
  it.each([
    [1, { page: 1, pages: 3, first: 1, size: 50 }],
    [2, { page: 2, pages: 3, first: 51, size: 50 }],
    [3, { page: 3, pages: 3, first: 101, size: 20 }],
    // Past the end shows the last page; nonsense shows the first.
    [99, { page: 3, pages: 3, first: 101, size: 20 }],
    [0, { page: 1, pages: 3, first: 1, size: 50 }],
    [-4, { page: 1, pages: 3, first: 1, size: 50 }],
    [Number.NaN, { page: 1, pages: 3, first: 1, size: 50 }],
  ])('page %p', (requested, expected) => {
    const p = pageOf(items, requested, 50);
    expect({ page: p.page, pages: p.pages, first: p.items[0], size: p.items.length }).toEqual(expected);
    expect(p.count).toBe(120);
  });

  it('an empty list is one empty page', () => {
    expect(pageOf([], 3, 50)).toEqual({ items: [], page: 1, pages: 1, count: 0 });
  });
});
