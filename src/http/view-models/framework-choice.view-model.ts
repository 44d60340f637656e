import type { Framework } from '../../domain/framework/framework';
import { t, type Locale } from '../../i18n/i18n';
import type { FrameworkChoicePreview } from '../../use-cases/preview-framework-choice';

/** The confirmation page of a change of framework (views/pages/framework-choice.hbs), from framework.routes.ts. */
export interface FrameworkChoicePage {
  title: string;
  from: string;
  to: string;
  toCode: string;
  /** The framework in use's skill sets and where their recorded hours will count. */
  skillSets: Array<{ code: string; name: string; towards?: { code: string; name: string } }>;
  rules: Array<{ where: string; assessment: string; group: string; mapped: string[]; problems: string[] }>;
  rulesMapped: number;
  rulesToFix: number;
  targetGroups: Array<{ code: string; name: string; people: number }>;
}

export function frameworkChoiceViewModel(p: FrameworkChoicePreview, l: Locale): FrameworkChoicePage {
  const skillSetName = (f: Framework, code: string) =>
    f.skillSets.find((s) => s.code === code)?.name[l] ?? code;
  const groupName = (code: string) =>
    code === '*'
      ? t(l, 'frameworkChoice.rules.anyGroup')
      : (p.from.targetGroups.find((g) => g.code === code)?.name[l] ??
        p.to.targetGroups.find((g) => g.code === code)?.name[l] ??
        code);
  const rules = p.rules.map((r) => ({
    where:
      r.override.contextId === undefined
        ? t(l, 'frameworkChoice.rules.organisation')
        : t(l, 'frameworkChoice.rules.course', {
            course: r.override.courseTitle ?? String(r.override.contextId),
          }),
    assessment: r.override.assessment,
    group: groupName(r.override.targetGroup),
    mapped: r.mapped.map((m) =>
      t(l, 'frameworkChoice.rules.mapped', {
        from: `${skillSetName(p.from, m.from)} (${m.from})`,
        to: `${skillSetName(p.to, m.to)} (${m.to})`,
      }),
    ),
    problems: r.unmapped.map((u) =>
      t(l, `frameworkChoice.rules.unmapped.${u.kind}`, {
        code: u.kind === 'targetGroup' ? `${groupName(u.code)} (${u.code})` : u.code,
      }),
    ),
  }));
  return {
    title: t(l, 'frameworkChoice.title', { to: p.to.name[l] }),
    from: p.from.name[l],
    to: p.to.name[l],
    toCode: p.to.id,
    skillSets: p.skillSets.map((s) => ({
      code: s.code,
      name: skillSetName(p.from, s.code),
      towards: s.towards ? { code: s.towards, name: skillSetName(p.to, s.towards) } : undefined,
    })),
    rules,
    rulesMapped: rules.filter((r) => r.problems.length === 0).length,
    rulesToFix: rules.filter((r) => r.problems.length > 0).length,
    targetGroups: p.targetGroups.map((g) => ({ code: g.code, name: groupName(g.code), people: g.people })),
  };
}
