import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { personIdSchema } from '../../shared/id-schemas';
import { fiscalYearSchema } from '../../shared/fiscal-year-schema';
import { formatTypedDate, yearInEra, type TypedDateProblem } from '../../shared/typed-date';
import { eraOf, formatDate, t, type Locale, type TranslationKey } from '../../i18n/i18n';
import type { FiscalYear } from '../../domain/learning-record/fiscal-year';
import type { HandInProblem, HandInStatus } from '../../domain/development/signed-self-assessment';
import { getHandIns, type HandInStatusFilter, type HandInsView } from '../../use-cases/get-hand-ins';
import { exportMissingHandIns } from '../../use-cases/export-missing-hand-ins';
import { MAX_HAND_INS_AT_ONCE, recordHandIns } from '../../use-cases/record-hand-ins';
import { setHandInDeadline } from '../../use-cases/set-hand-in-deadline';
import { withdrawHandIn } from '../../use-cases/withdraw-hand-in';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { lmsOf } from '../lms-origin';
import { sendCsv } from '../csv';
import { filteredPath, pagerView } from '../pager';
import { redirectWithLtik, renderPage, sendErrorPage, sendStandardError } from '../pages';
import { formErrors, NO_ERRORS, type FieldProblem, type FormErrors } from '../form-errors';

export const HAND_INS_PATH = '/app/organisation/hand-ins';

const STATUSES = ['all', 'handedIn', 'notYet', 'overdue'] as const satisfies readonly HandInStatusFilter[];
/** The target-group filter's value for people with none. */
const NO_GROUP = '-';

const listQuery = z.object({
  fy: fiscalYearSchema.optional().catch(undefined),
  status: z.enum(STATUSES).catch('all'),
  group: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/)
    .optional()
    .catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
const doneQuery = z.enum(['deadline', 'recorded', 'withdrawn']).optional().catch(undefined);
const countQuery = z.coerce.number().int().min(0).max(MAX_HAND_INS_AT_ONCE).catch(0);

/** What every form posts besides its own fields: the year and the list to come back to. */
const backFields = {
  fiscalYear: fiscalYearSchema,
  status: z.enum(STATUSES).catch('all'),
  group: z.string().max(40).catch(''),
  q: z.string().max(100).catch(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
};
const deadlineForm = z.object({ ...backFields, deadline: z.string().max(40).catch('') });
const recordForm = z.object({
  ...backFields,
  receivedOn: z.string().max(40).catch(''),
  note: z.string().max(500).catch(''),
  // One checkbox per person ticked: a single value or many.
  person: z
    .union([personIdSchema, z.array(personIdSchema).max(MAX_HAND_INS_AT_ONCE + 1)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});
const withdrawForm = z.object({
  ...backFields,
  person: personIdSchema,
  reason: z.string().max(500).catch(''),
});

type Back = { fy: FiscalYear; status: string; group: string; q: string; page: number };

/** The list's address for a year and filters, without empty values. */
const listPath = (b: Back) =>
  filteredPath(HAND_INS_PATH, {
    fy: String(b.fy),
    status: b.status === 'all' ? '' : b.status,
    group: b.group,
    q: b.q,
  });

const DATE_PROBLEM: Record<TypedDateProblem | HandInProblem, TranslationKey> = {
  DATE_FORMAT: 'record.error.dateFormat',
  DATE_NOT_A_DAY: 'record.error.dateNotADay',
  YEAR_LOOKS_CHRISTIAN: 'record.error.yearLooksChristian',
  YEAR_LOOKS_BUDDHIST: 'record.error.yearLooksBuddhist',
  DEADLINE_OUT_OF_YEAR: 'handIn.problem.DEADLINE_OUT_OF_YEAR',
  RECEIVED_IN_FUTURE: 'handIn.problem.RECEIVED_IN_FUTURE',
  RECEIVED_BEFORE_YEAR: 'handIn.problem.RECEIVED_BEFORE_YEAR',
};

const STATUS_CLASS: Record<HandInStatus, string> = {
  handedIn: 'status status-approved',
  handedInLate: 'status status-pending',
  notYet: 'badge',
  overdue: 'status status-rejected',
};

/** A day (ISO) as the page's language writes it, in its era. */
const dayText = (l: Locale, iso: string) => formatDate(l, new Date(`${iso}T12:00:00+07:00`));

/** What a form posted, to show again with its problems. */
interface Posted {
  deadline?: string;
  record?: { receivedOn: string; note: string; people: number[] };
  withdraw?: { personId: number; reason: string };
}

/**
 * The signed self-assessments (issue #19 item 6; seed 002: printed, signed, handed to HR by a date), for the
 * organisation's administrators: the year's deadline, who is expected to hand in and who has, recording many at
 * once with one day of receipt, withdrawing one with a reason, and the CSV of who has not.
 */
export function handInRoutes(deps: PageDeps): Router {
  const router = express.Router();
  const admin = (handler: (req: Request, res: Response, ctx: PageContext) => Promise<void>) =>
    requireRole(deps, ['admin'], handler);
  // A page of ticked people is at most 100 values of `person`, plus the other fields.
  const form = express.urlencoded({
    extended: false,
    limit: '16kb',
    parameterLimit: MAX_HAND_INS_AT_ONCE + 20,
  });

  const author = async (ctx: PageContext) => {
    const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
    return me && { tenantId: ctx.tenantId, personId: me.personId, lms: lmsOf(ctx.launch) };
  };

  const load = (ctx: PageContext, b: Back) =>
    getHandIns(deps, {
      tenantId: ctx.tenantId,
      fiscalYear: b.fy,
      status: b.status as HandInStatusFilter,
      query: {
        ...(b.group ? { group: b.group === NO_GROUP ? '' : b.group } : {}),
        ...(b.q ? { search: b.q } : {}),
      },
      page: b.page,
    });

  function render(
    req: Request,
    res: Response,
    ctx: PageContext,
    view: HandInsView,
    b: Back,
    status: number,
    errors: FormErrors = NO_ERRORS,
    posted: Posted = {},
    done?: string,
  ) {
    const l = ctx.locale;
    const era = eraOf(l);
    const f = view.framework.framework;
    const fy = view.fiscalYear;
    const groupName = (code: string | undefined) =>
      code ? (f.targetGroups.find((g) => g.code === code)?.name[l] ?? code) : t(l, 'handIn.noGroup');
    const path = listPath({ ...b, fy });
    const statusLabel = (s: HandInStatus) => t(l, `handIn.status.${s}`);
    const example = formatTypedDate(view.today, era);
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'hand-ins',
      {
        title: t(l, 'handIn.title', { fy }),
        intro: t(l, 'handIn.intro'),
        done,
        errors,
        fiscalYear: fy,
        years: view.years.map((y) => ({
          value: String(y),
          label: t(l, 'progress.fiscalYear.option', { year: y }),
          selected: y === fy,
        })),
        deadlineLine: view.deadline
          ? t(l, view.pastDeadline ? 'handIn.deadline.passed' : 'handIn.deadline.is', {
              fy,
              date: dayText(l, view.deadline.deadline),
            })
          : t(l, 'handIn.deadline.none', { fy }),
        deadlineSet: view.deadline !== undefined,
        deadlineText: posted.deadline ?? (view.deadline ? formatTypedDate(view.deadline.deadline, era) : ''),
        deadlineHint: t(l, 'record.field.date.hint', { example }),
        numbers: (
          [
            ['handedIn', view.counts.handedIn],
            ['notYet', view.counts.notYet],
            ['overdue', view.counts.overdue],
          ] as const
        ).map(([s, value]) => ({
          testid: `count-${s}`,
          value,
          label: t(l, `handIn.count.${s}`),
          href: listPath({ ...b, fy, status: s }).href,
          current: b.status === s,
        })),
        filter: {
          statuses: STATUSES.map((s) => ({
            value: s,
            label: t(l, `handIn.filter.${s}`),
            selected: s === b.status,
          })),
          groups: [
            { value: '', label: t(l, 'handIn.filter.allGroups'), selected: b.group === '' },
            ...f.targetGroups.map((g) => ({ value: g.code, label: g.name[l], selected: g.code === b.group })),
            { value: NO_GROUP, label: t(l, 'handIn.noGroup'), selected: b.group === NO_GROUP },
          ],
          search: b.q,
        },
        back: { status: b.status, group: b.group, q: b.q, page: String(view.page.page) },
        csvHref: `${HAND_INS_PATH}/missing.csv?${new URLSearchParams({ fy: String(fy), group: b.group, q: b.q })}`,
        record: {
          receivedOnText: posted.record?.receivedOn ?? example,
          receivedOnHint: t(l, 'record.field.date.hint', { example }),
          note: posted.record?.note ?? '',
        },
        peopleError: errors.fields.people,
        matched: t(l, 'handIn.matched', { count: view.page.count, expected: view.counts.expected }),
        rows: view.rows.map((r) => {
          const name = r.name ?? r.platformUserId;
          const mine = posted.withdraw?.personId === r.personId;
          return {
            personId: r.personId,
            name,
            userId: r.platformUserId,
            group: groupName(r.targetGroup),
            status: statusLabel(r.status),
            statusClass: STATUS_CLASS[r.status],
            receivedText: r.receivedOn && dayText(l, r.receivedOn),
            recordedBy: r.recordedBy && t(l, 'handIn.recordedBy', { name: r.recordedBy }),
            note: r.note,
            checked: posted.record?.people.includes(r.personId) ?? false,
            canRecord: r.receivedOn === undefined,
            canWithdraw: r.receivedOn !== undefined,
            withdrawLabel: t(l, 'handIn.withdraw.of', { name }),
            reason: mine ? posted.withdraw!.reason : '',
            reasonError: mine ? errors.fields[`reason-${r.personId}`] : undefined,
          };
        }),
        pager: pagerView(l, view.page, path.page),
      },
      status,
    );
  }

  router.get(
    HAND_INS_PATH,
    admin(async (req, res, ctx) => {
      const q = listQuery.parse(req.query);
      const view = await getHandIns(deps, {
        tenantId: ctx.tenantId,
        ...(q.fy !== undefined ? { fiscalYear: q.fy } : {}),
        status: q.status,
        query: {
          ...(q.group ? { group: q.group === NO_GROUP ? '' : q.group } : {}),
          ...(q.q ? { search: q.q } : {}),
        },
        page: q.page,
      });
      const l = ctx.locale;
      const done = doneQuery.parse(req.query.done);
      const n = countQuery.parse(req.query.n);
      const doneText =
        done === 'recorded'
          ? t(l, 'handIn.done.recorded', { count: n, unchanged: countQuery.parse(req.query.same) })
          : done && t(l, `handIn.done.${done}`);
      const b = { fy: view.fiscalYear, status: q.status, group: q.group ?? '', q: q.q ?? '', page: q.page };
      render(req, res, ctx, view, b, 200, NO_ERRORS, {}, doneText);
    }),
  );

  router.get(
    `${HAND_INS_PATH}/missing.csv`,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const q = listQuery.parse(req.query);
      const missing = await exportMissingHandIns(deps, {
        tenantId: ctx.tenantId,
        ...(q.fy !== undefined ? { fiscalYear: q.fy } : {}),
        query: {
          ...(q.group ? { group: q.group === NO_GROUP ? '' : q.group } : {}),
          ...(q.q ? { search: q.q } : {}),
        },
      });
      const fy = missing.fiscalYear;
      const f = missing.framework.framework;
      const deadline = missing.deadline ? formatTypedDate(missing.deadline.deadline, eraOf(l)) : '';
      sendCsv(
        res,
        `signed-self-assessments-not-handed-in-${fy}.csv`,
        [
          t(l, 'handIn.csv.name'),
          t(l, 'handIn.csv.userId'),
          t(l, 'handIn.csv.email'),
          t(l, 'handIn.csv.group'),
          t(l, 'handIn.csv.status'),
          t(l, 'handIn.csv.deadline'),
        ],
        missing.rows.map((r) => [
          r.name ?? '',
          r.platformUserId,
          r.email ?? '',
          r.targetGroup
            ? (f.targetGroups.find((g) => g.code === r.targetGroup)?.name[l] ?? r.targetGroup)
            : '',
          t(l, `handIn.status.${r.status}`),
          deadline,
        ]),
      );
    }),
  );

  /** The year and list a form came from; undefined when the year is not one (a forged or broken form). */
  const backOf = (body: z.infer<z.ZodObject<typeof backFields>>): Back => ({
    fy: body.fiscalYear,
    status: body.status,
    group: body.group,
    q: body.q,
    page: body.page,
  });

  router.post(
    `${HAND_INS_PATH}/deadline`,
    form,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const parsed = deadlineForm.safeParse(req.body ?? {});
      const by = parsed.success ? await author(ctx) : undefined;
      if (!parsed.success || !by) return sendStandardError(req, res, deps.render, l, 'badRequest');
      const b = backOf(parsed.data);
      const outcome = await setHandInDeadline(deps, {
        by,
        fiscalYear: b.fy,
        deadline: { typed: parsed.data.deadline, era: eraOf(l) },
      });
      if ('set' in outcome) return redirectWithLtik(res, ctx.ltik, `${listPath(b).href}&done=deadline`);
      const view = await load(ctx, b);
      const example = formatTypedDate(view.today, eraOf(l));
      render(
        req,
        res,
        ctx,
        view,
        b,
        422,
        formErrors(
          l,
          [{ field: 'deadline', id: 'deadline', label: t(l, 'handIn.deadline.label') }],
          [
            {
              field: 'deadline',
              key: DATE_PROBLEM[outcome.problem],
              params: { example, year: yearInEra(view.today, eraOf(l)), fy: b.fy },
            },
          ],
        ),
        { deadline: parsed.data.deadline },
      );
    }),
  );

  router.post(
    `${HAND_INS_PATH}/record`,
    form,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const parsed = recordForm.safeParse(req.body ?? {});
      const by = parsed.success ? await author(ctx) : undefined;
      if (!parsed.success || !by) return sendStandardError(req, res, deps.render, l, 'badRequest');
      const b = backOf(parsed.data);
      const { receivedOn, note, person } = parsed.data;
      const outcome = await recordHandIns(deps, {
        by,
        fiscalYear: b.fy,
        personIds: person,
        receivedOn: { typed: receivedOn, era: eraOf(l) },
        note,
      });
      if ('recorded' in outcome)
        return redirectWithLtik(
          res,
          ctx.ltik,
          `${listPath(b).page(b.page)}&done=recorded&n=${outcome.recorded}&same=${outcome.unchanged}`,
        );
      if ('refused' in outcome)
        return sendErrorPage(req, res, deps.render, l, {
          status: 409,
          heading: t(l, 'handIn.title', { fy: b.fy }),
          message: t(l, 'handIn.refused.NOT_EXPECTED'),
        });
      const view = await load(ctx, b);
      const era = eraOf(l);
      const example = formatTypedDate(view.today, era);
      render(
        req,
        res,
        ctx,
        view,
        b,
        422,
        formErrors(
          l,
          [
            { field: 'receivedOn', id: 'receivedOn', label: t(l, 'handIn.record.receivedOn') },
            { field: 'people', id: 'people', label: t(l, 'handIn.record.people') },
          ],
          outcome.problems.map((p): FieldProblem =>
            p.field === 'receivedOn'
              ? {
                  field: p.field,
                  key: DATE_PROBLEM[p.code],
                  params: { example, year: yearInEra(view.today, era) },
                }
              : {
                  field: p.field,
                  key: `handIn.problem.${p.code}`,
                  params: { max: MAX_HAND_INS_AT_ONCE },
                },
          ),
        ),
        { record: { receivedOn, note, people: person } },
      );
    }),
  );

  router.post(
    `${HAND_INS_PATH}/withdraw`,
    form,
    admin(async (req, res, ctx) => {
      const l = ctx.locale;
      const parsed = withdrawForm.safeParse(req.body ?? {});
      const by = parsed.success ? await author(ctx) : undefined;
      if (!parsed.success || !by) return sendStandardError(req, res, deps.render, l, 'badRequest');
      const b = backOf(parsed.data);
      const { person, reason } = parsed.data;
      const outcome = await withdrawHandIn(deps, { by, fiscalYear: b.fy, personId: person, reason });
      if ('withdrawn' in outcome)
        return redirectWithLtik(res, ctx.ltik, `${listPath(b).page(b.page)}&done=withdrawn`);
      if ('refused' in outcome)
        return sendErrorPage(req, res, deps.render, l, {
          status: 409,
          heading: t(l, 'handIn.title', { fy: b.fy }),
          message: t(l, 'handIn.refused.NOT_HANDED_IN'),
        });
      const field = `reason-${person}`;
      render(
        req,
        res,
        ctx,
        await load(ctx, b),
        b,
        422,
        formErrors(
          l,
          [{ field, id: field, label: t(l, 'handIn.withdraw.reason') }],
          [{ field, key: 'handIn.problem.REASON_REQUIRED' }],
        ),
        { withdraw: { personId: person, reason } },
      );
    }),
  );

  return router;
}
