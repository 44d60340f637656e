import { coverage, uncovered } from '../../src/domain/catalogue/coverage';

describe('catalogue coverage', () => {
  const modules = [
    {
      slug: 'a',
      status: 'published' as const,
      mappings: [
        { skillSet: 'DL', hours: 1 },
        { skillSet: 'DL', hours: 0.5 },
        { skillSet: 'DG', hours: 1 },
      ],
    },
    { slug: 'b', status: 'published' as const, mappings: [{ skillSet: 'DL', hours: 2 }] },
    { slug: 'draft', status: 'draft' as const, mappings: [{ skillSet: 'DT', hours: 3 }] },
  ];
  const c = coverage(modules, ['DL', 'DG', 'DT', 'DLD']);

  it("sums a module's hours per skill set (areas included) and totals published modules only", () => {
    expect(c.cells.get('a')?.get('DL')).toBe(1.5);
    expect(c.totals.get('DL')).toEqual({ modules: 2, hours: 3.5 });
    expect(c.totals.get('DT')).toEqual({ modules: 0, hours: 0 });
    expect(c.cells.get('draft')?.get('DT')).toBe(3);
  });

  it("lists the group's skill sets that no published module covers (a draft does not count)", () => {
    expect(uncovered(c, ['DL', 'DT', 'DLD'])).toEqual(['DT', 'DLD']);
    expect(uncovered(c, ['DL', 'DG'])).toEqual([]);
  });
});
