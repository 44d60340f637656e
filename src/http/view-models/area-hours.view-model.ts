import type { Locale } from '../../i18n/i18n';

/** A skill set's hours per area (views/partials/area-hours.hbs), on the progress and class pages. */
export interface AreaHoursGroup {
  skillSet: string;
  total: number;
  areas: { name: string; hours: number }[];
}

/**
 * Hours per area, one group per skill set that has areas (the nine Digital Literacy areas): issue #18 item 11,
 * the areas the teachers' framework counts in. Shared with the class view.
 */
export function areaGroups(
  l: Locale,
  f: {
    skillSets: ReadonlyArray<{ code: string; name: Record<Locale, string> }>;
    areas: ReadonlyArray<{ code: string; name: Record<Locale, string> }>;
  },
  areas: ReadonlyArray<{ code: string; skillSet: string; hours: number }>,
): AreaHoursGroup[] {
  return f.skillSets
    .map((s) => {
      const mine = areas.filter((a) => a.skillSet === s.code);
      return {
        skillSet: s.name[l],
        total: Math.round(mine.reduce((sum, a) => sum + a.hours, 0) * 100) / 100,
        areas: mine.map((a) => ({
          name: f.areas.find((x) => x.code === a.code)?.name[l] ?? a.code,
          hours: a.hours,
        })),
      };
    })
    .filter((g) => g.areas.length > 0);
}
