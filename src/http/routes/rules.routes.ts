import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { t, type Locale } from '../../i18n/i18n';
import type { Assessment, EligibilityRule } from '../../domain/assessment/eligibility';
import type { Loosening, RuleProblem, RuleSource } from '../../domain/assessment/rule-editing';
import type { Framework } from '../../domain/framework/framework';
import { getRulesInForce } from '../../use-cases/get-rules-in-force';
import { editRule, type RuleEditAction } from '../../use-cases/edit-rule';
import { openRuleForm } from '../../use-cases/open-rule-form';
import { listModules } from '../../use-cases/list-modules';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { lmsOf } from '../lms-origin';
import { mayManageContentHere, sendContentForbidden } from '../middleware/require-content-management';
import { isolated } from '../bidi';
import { redirectWithLtik, renderPage, sendStandardError } from '../pages';
import { formErrors, NO_ERRORS, type FormField } from '../form-errors';

const scopeQuery = z.object({ scope: z.enum(['organisation', 'course']).optional().catch(undefined) });
const params = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9-]{1,39}$/),
  group: z.string().regex(/^(\*|[A-Za-z0-9_-]{1,40})$/),
});
const CATS = [70, 20, 10] as const;
/** confirm-…: the second step of an edit that loosens the rule in force, after the editor has seen what it drops. */
const actionSchema = z
  .enum(['save', 'reset', 'confirm-save', 'confirm-reset'])
  .catch('save') satisfies z.ZodType<RuleEditAction>;

/** The rule form's fields in page order; the modules link to their first box. */
function ruleFormFields(
  l: Locale,
  f: Framework,
  firstModule: string | undefined,
  certifications: readonly string[] = [],
): FormField[] {
  return [
    {
      field: 'rule',
      id: 'rule',
      href: f.skillSets[0] ? `#min-${f.skillSets[0].code}` : undefined,
      label: t(l, 'rules.field.rule'),
    },
    ...f.skillSets.flatMap((k): FormField[] => [
      {
        field: `skill.${k.code}.min`,
        id: `min-${k.code}`,
        label: `${k.name[l]} — ${t(l, 'rules.form.minHours')}`,
      },
      ...CATS.map((c) => ({
        field: `skill.${k.code}.share.${c}`,
        id: `share-${k.code}-${c}`,
        label: `${k.name[l]} — ${t(l, 'rules.form.shareIn', { category: c })}`,
      })),
    ]),
    ...CATS.map((c) => ({
      field: `share.${c}`,
      id: `overall-${c}`,
      label: `${t(l, 'rules.form.overall')} — ${t(l, 'rules.form.share', { category: c })}`,
    })),
    {
      field: 'modules',
      id: 'modules',
      href: firstModule ? `#module-${firstModule}` : undefined,
      label: t(l, 'rules.form.modules'),
    },
    { field: 'selfAssessment', id: 'selfAssessment', label: t(l, 'rules.form.selfAssessment') },
    { field: 'recency', id: 'recency', label: t(l, 'rules.form.recency') },
    ...certifications.map((c) => ({
      field: `cert.${c}`,
      id: `cert-${c}`,
      label: `${t(l, 'rules.form.certifications')} — ${c}`,
    })),
  ];
}

/**
 * Assessment rules: those who manage the organisation's content (administrators and named content managers) edit
 * them for the organisation; instructors narrow them for their course.
 */
export function rulesRoutes(deps: PageDeps): Router {
  const router = express.Router();
  const staff = ['instructor', 'admin'] as const;

  /**
   * Who edits what: a content manager (or administrator) the organisation, or, asked, their course; an
   * instructor only their course (asking for the organisation is refused, never quietly turned into the course).
   */
  async function scopeOf(req: Request, res: Response, ctx: PageContext) {
    const [me, canManage] = await Promise.all([
      deps.learnerOf(ctx.launch, ctx.tenantId),
      mayManageContentHere(deps, ctx),
    ]);
    if (!me) {
      sendStandardError(req, res, deps.render, ctx.locale, 'forbidden');
      return undefined;
    }
    const asked = scopeQuery.parse(req.query).scope ?? scopeQuery.parse(req.body ?? {}).scope;
    if (asked === 'organisation' && !canManage) {
      sendContentForbidden(req, res, deps.render, ctx.locale);
      return undefined;
    }
    const scope = canManage ? (asked ?? 'organisation') : 'course';
    if (scope === 'course' && me.contextId === undefined) {
      sendStandardError(req, res, deps.render, ctx.locale, canManage ? 'notFound' : 'forbidden');
      return undefined;
    }
    const contextId = scope === 'course' ? me.contextId : undefined;
    const rules = await getRulesInForce(deps, {
      tenantId: ctx.tenantId,
      launchContextId: me.contextId,
      contextId,
    });
    return { me, scope, canManage, contextId, rules, ...rules };
  }

  const groupName = (f: Framework, l: Locale, code: string) =>
    code === '*' ? t(l, 'rules.anyGroup') : (f.targetGroups.find((g) => g.code === code)?.name[l] ?? code);

  function summary(
    l: Locale,
    f: Framework,
    rule: EligibilityRule,
    moduleTitle: (slug: string) => string,
  ): string[] {
    const skill = (code: string) => isolated(f.skillSets.find((s) => s.code === code)?.name[l] ?? code);
    const shares = (s: Partial<Record<70 | 20 | 10, number>> | undefined) =>
      CATS.filter((c) => s?.[c] !== undefined)
        .map((c) => t(l, 'rules.summary.share', { category: c, share: s![c]! }))
        .join(', ');
    const lines: string[] = [];
    for (const s of rule.skillSets ?? [])
      lines.push(
        t(l, 'rules.summary.skillSet', { skillSet: skill(s.skillSet), hours: s.minHours }) +
          (s.minShare ? ` (${shares(s.minShare)})` : ''),
      );
    if (rule.minShare) lines.push(t(l, 'rules.summary.overall', { shares: shares(rule.minShare) }));
    if (rule.requiredModules?.length)
      lines.push(
        t(l, 'rules.summary.modules', {
          modules: rule.requiredModules.map((m) => isolated(moduleTitle(m))).join(', '),
        }),
      );
    if (rule.selfAssessmentWithinMonths)
      lines.push(t(l, 'rules.summary.selfAssessment', { months: rule.selfAssessmentWithinMonths }));
    if (rule.recencyMonths) lines.push(t(l, 'rules.summary.recency', { months: rule.recencyMonths }));
    for (const c of rule.certifications ?? [])
      lines.push(
        c.minLevel === undefined
          ? t(l, 'rules.summary.certification', { code: isolated(c.code) })
          : t(l, 'rules.summary.certificationLevel', { code: isolated(c.code), level: c.minLevel }),
      );
    return lines;
  }

  /** What an edit would drop, one sentence per requirement. */
  function droppedLines(
    l: Locale,
    f: Framework,
    dropped: readonly Loosening[],
    moduleTitle: (slug: string) => string,
  ): string[] {
    const skill = (code: string) => isolated(f.skillSets.find((s) => s.code === code)?.name[l] ?? code);
    return dropped.map((d) => {
      if (d.requirement === 'modules')
        return t(l, 'rules.loosen.modules', {
          modules: d.modules.map((m) => isolated(moduleTitle(m))).join(', '),
        });
      if (d.requirement === 'certification') {
        const what = t(l, 'rules.what.certification', { code: isolated(d.code) });
        const level = (n: number) => (n === 0 ? t(l, 'rules.cert.anyLevel') : n);
        return d.to === undefined
          ? t(l, 'rules.loosen.removed', { what, from: level(d.from) })
          : t(l, 'rules.loosen.lowered', { what, from: level(d.from), to: level(d.to) });
      }
      const what =
        d.requirement === 'skillSetHours'
          ? t(l, 'rules.what.skillSetHours', { skillSet: skill(d.skillSet) })
          : d.requirement === 'skillSetShare'
            ? t(l, 'rules.what.skillSetShare', { skillSet: skill(d.skillSet), category: d.category })
            : d.requirement === 'share'
              ? t(l, 'rules.what.share', { category: d.category })
              : t(l, `rules.what.${d.requirement}`);
      return d.to === undefined
        ? t(l, 'rules.loosen.removed', { what, from: d.from })
        : t(l, 'rules.loosen.lowered', { what, from: d.from, to: d.to });
    });
  }

  router.get(
    '/app/assessments',
    requireRole(deps, staff, async (req, res, ctx) => {
      const s = await scopeOf(req, res, ctx);
      if (!s) return;
      const l = ctx.locale;
      const titles = new Map((await listModules(deps, ctx.tenantId)).map((m) => [m.slug, m.title[l]]));
      const sourceLabel = (src: RuleSource) => t(l, `rules.source.${src}`);
      renderPage(req, res, deps.render, ctx, 'rules', {
        title: t(l, 'rules.title'),
        scope: s.scope,
        scopeText: t(l, `rules.scope.${s.scope}`),
        otherScope:
          s.canManage && s.me.contextId !== undefined
            ? {
                href: `/app/assessments?scope=${s.scope === 'course' ? 'organisation' : 'course'}`,
                text: t(l, `rules.switch.${s.scope === 'course' ? 'organisation' : 'course'}`),
              }
            : undefined,
        saved: typeof req.query.saved === 'string',
        assessments: s.inForce.map((a) => ({
          code: a.code,
          name: a.name[l],
          description: a.description[l],
          groups: ['*', ...s.f.targetGroups.map((g) => g.code)].map((g) => {
            const rule = a.rules[g];
            return {
              code: g,
              name: groupName(s.f, l, g),
              source: rule ? sourceLabel(a.sources[g] ?? 'default') : undefined,
              sourceCode: a.sources[g],
              lines: rule ? summary(l, s.f, rule, (slug) => titles.get(slug) ?? slug) : [],
              fallsBack: !rule,
              editHref: `/app/assessments/${a.code}/${encodeURIComponent(g)}?scope=${s.scope}`,
            };
          }),
        })),
      });
    }),
  );

  async function renderForm(
    req: Request,
    res: Response,
    ctx: PageContext,
    s: NonNullable<Awaited<ReturnType<typeof scopeOf>>>,
    a: Assessment & { sources: Record<string, RuleSource> },
    group: string,
    status: number,
    form?: {
      fields: Record<string, string>;
      modules: string[];
      problems: RuleProblem[];
      confirm?: { token: string; action: string; dropped: Loosening[] };
    },
  ) {
    const l = ctx.locale;
    // The form starts from the rule in force: a group without a rule of its own follows the '*' rule.
    const {
      modules: latest,
      certifications,
      current,
    } = await openRuleForm(deps, {
      tenantId: ctx.tenantId,
      assessment: a,
      group,
    });
    const published = latest.filter((m) => m.status === 'published');
    const titles = new Map(latest.map((m) => [m.slug, m.title[l]]));
    const fields = form?.fields ?? current.fields;
    const chosen = new Set(form?.modules ?? current.modules);
    const errors = form?.problems.length
      ? formErrors(
          l,
          ruleFormFields(
            l,
            s.f,
            published[0]?.slug,
            certifications.map((c) => c.code),
          ),
          form.problems.map((p) => ({ field: p.field, key: `rules.problem.${p.code}`, params: p.params })),
        )
      : NO_ERRORS;
    const source = a.sources[group];
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'rule-edit',
      {
        title: t(l, 'rules.edit.title', {
          assessment: isolated(a.name[l]),
          group: isolated(groupName(s.f, l, group)),
        }),
        action: `/app/assessments/${a.code}/${encodeURIComponent(group)}`,
        scope: s.scope,
        scopeText: t(l, `rules.scope.${s.scope}`),
        canReset: s.scope === 'course' ? source === 'course' : source === 'organisation',
        inherited: group !== '*' && !a.rules[group] && a.rules['*'] !== undefined,
        confirm: form?.confirm && {
          token: form.confirm.token,
          action: form.confirm.action,
          lines: droppedLines(l, s.f, form.confirm.dropped, (slug) => titles.get(slug) ?? slug),
        },
        errors,
        skillSets: s.f.skillSets.map((k) => ({
          code: k.code,
          name: k.name[l],
          min: fields[`skill.${k.code}.min`] ?? '',
          minError: errors.fields[`skill.${k.code}.min`],
          shares: CATS.map((c) => ({
            cat: c,
            value: fields[`skill.${k.code}.share.${c}`] ?? '',
            error: errors.fields[`skill.${k.code}.share.${c}`],
          })),
        })),
        shares: CATS.map((c) => ({
          cat: c,
          value: fields[`share.${c}`] ?? '',
          error: errors.fields[`share.${c}`],
        })),
        modules: published.map((m) => ({ slug: m.slug, title: m.title[l], checked: chosen.has(m.slug) })),
        modulesError: errors.fields.modules,
        selfAssessment: fields.selfAssessment ?? '',
        selfAssessmentError: errors.fields.selfAssessment,
        recency: fields.recency ?? '',
        recencyError: errors.fields.recency,
        certifications: certifications.map((c) => {
          const value = fields[`cert.${c.code}`] ?? '';
          return {
            code: c.code,
            name: c.name[l],
            isUnit: c.area !== undefined,
            error: errors.fields[`cert.${c.code}`],
            options: [
              { value: '', label: t(l, 'rules.form.cert.none'), selected: value === '' },
              { value: 'any', label: t(l, 'rules.form.cert.any'), selected: value === 'any' },
              ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
                value: String(n),
                label: t(l, 'rules.form.cert.level', { level: n }),
                selected: value === String(n),
              })),
            ],
          };
        }),
      },
      status,
    );
  }

  async function target(req: Request, res: Response, ctx: PageContext) {
    const p = params.safeParse(req.params);
    const s = await scopeOf(req, res, ctx);
    if (!s) return undefined;
    const a = p.success ? s.inForce.find((x) => x.code === p.data.code) : undefined;
    const group = p.success ? p.data.group : '';
    if (!a || (group !== '*' && !s.f.targetGroups.some((g) => g.code === group))) {
      sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      return undefined;
    }
    return { s, a, group };
  }

  router.get(
    '/app/assessments/:code/:group',
    requireRole(deps, staff, async (req, res, ctx) => {
      const x = await target(req, res, ctx);
      if (!x) return;
      await renderForm(req, res, ctx, x.s, x.a, x.group, 200);
    }),
  );

  router.post(
    '/app/assessments/:code/:group',
    express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 200 }),
    requireRole(deps, staff, async (req, res, ctx) => {
      const x = await target(req, res, ctx);
      if (!x) return;
      const { s, a, group } = x;
      const body = req.body as Record<string, unknown>;
      const action = actionSchema.parse(body.action);
      const done = () => redirectWithLtik(res, ctx.ltik, `/app/assessments?scope=${s.scope}&saved=${a.code}`);
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== 'module') fields[k] = v;
      const modules = ([] as unknown[])
        .concat(body.module ?? [])
        .filter((m): m is string => typeof m === 'string');
      const outcome = await editRule(deps, {
        editor: { tenantId: ctx.tenantId, personId: s.me.personId, lms: lmsOf(ctx.launch) },
        scope: s.scope,
        contextId: s.contextId,
        rules: s.rules,
        assessment: a,
        group,
        action,
        fields,
        modules,
        confirm: typeof body.confirm === 'string' ? body.confirm : undefined,
      });
      if (outcome === 'saved') return done();
      if ('problems' in outcome)
        return renderForm(req, res, ctx, s, a, group, 422, { fields, modules, problems: outcome.problems });
      return renderForm(req, res, ctx, s, a, group, 200, {
        fields,
        modules,
        problems: [],
        confirm: outcome.confirm,
      });
    }),
  );

  return router;
}
