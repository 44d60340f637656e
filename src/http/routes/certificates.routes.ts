import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { entryIdSchema, personIdSchema } from '../../shared/id-schemas';
import { formatHours } from '../../shared/hours-text';
import { formatDate, t, type Locale } from '../../i18n/i18n';
import type { StoredCertificate } from '../../use-cases/ports/certificates';
import {
  getCertificateAdministration,
  issueAssessmentCertificate,
  issueLearnersAssessmentCertificate,
  issueLearnersModuleCertificate,
  issueModuleCertificate,
  revokeCertificate,
  saveCertificateSettings,
  verifyCertificate,
  type CertificateList,
  type IssueOutcome,
  type NotStanding,
  type SettingsProblem,
  type WithdrawnCertificate,
} from '../../use-cases/certificates';
import { rotateBadgeKey } from '../../use-cases/open-badges';
import { getFramework } from '../../use-cases/get-framework';
import { certificatePdf } from '../certificate-pdf';
import { formErrors, NO_ERRORS, type FormErrors, type FormField } from '../form-errors';
import { learnerAndFramework } from '../learner-context';
import { lmsOf } from '../lms-origin';
import { requestLocale } from '../locale';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { pagerView } from '../pager';
import { redirectWithLtik, renderPage, sendErrorPage, sendStandardError } from '../pages';
import type { RenderPage } from '../views';
import type { CertificateLinkView, CertificatesPage } from '../view-models/certificates.view-model';

const ADMIN_PATH = '/app/organisation/certificates';
const PAGE_SIZE = 50;
/** The PDF's language: `in`, not `lang` (which switches the session's own language). */
const languageQuery = z.enum(['th', 'en']).catch('th');
const pageQuery = z.coerce.number().int().min(1).max(100_000).catch(1);
const settingsForm = z.object({
  organisationTh: z.string().max(1000).catch(''),
  organisationEn: z.string().max(1000).catch(''),
  signatoryName: z.string().max(1000).catch(''),
  signatoryPositionTh: z.string().max(1000).catch(''),
  signatoryPositionEn: z.string().max(1000).catch(''),
});
const revokeForm = z.object({ certificate: z.string().max(64), reason: z.string().max(2000) });
const assessmentCode = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);
const doneQuery = z
  .enum(['saved', 'revoked', 'alreadyRevoked', 'keyRotated', 'noKey'])
  .optional()
  .catch(undefined);

/** Where the PDF of a completion's certificate is downloaded: the person's own, or a learner's (staff). */
export const ownCertificateHref = (entryRootId: number, l: Locale) =>
  `/app/certificates/module/${entryRootId}?in=${l}`;
const learnersCertificateHref = (personId: number, entryRootId: number, l: Locale) =>
  `/app/learners/${personId}/certificates/module/${entryRootId}?in=${l}`;

/**
 * The rows of the certificates list (progress, learner record): one per completion, with a PDF in each language;
 * one whose certificate no longer stands is marked instead (in its place, or after them when its completion was
 * reversed and so is no longer listed).
 */
export function certificateLinks(
  l: Locale,
  list: CertificateList,
  href: (entryRootId: number, language: Locale) => string,
): CertificateLinkView[] {
  const withdrawn = new Map<number, WithdrawnCertificate>();
  for (const c of list.withdrawn) if (c.subject.kind === 'module') withdrawn.set(c.subject.entryRootId, c);
  const listed = list.completions.map((c): CertificateLinkView => {
    const gone = withdrawn.get(c.entryRootId);
    if (gone) {
      withdrawn.delete(c.entryRootId);
      return withdrawnView(l, gone);
    }
    return {
      title: c.title[l],
      dateText: completedOnText(l, c.completedOn),
      thHref: href(c.entryRootId, 'th'),
      enHref: href(c.entryRootId, 'en'),
      badgeHref: badgeHref(href(c.entryRootId, l)),
    };
  });
  return [...listed, ...[...withdrawn.values()].map((c) => withdrawnView(l, c))];
}

const completedOnText = (l: Locale, on: string) =>
  t(l, 'certificate.list.completedOn', { date: formatDate(l, new Date(`${on}T12:00:00+07:00`)) });
const eligibleInText = (l: Locale, fiscalYear: number) =>
  t(l, 'certificate.list.eligibleIn', { fiscalYear: l === 'th' ? fiscalYear : fiscalYear - 543 });

/** The public check page of a certificate, in the viewer's language. */
const checkHref = (publicId: string, l: Locale) => `/certificates/${publicId}?lang=${l}`;

/** When and why a certificate no longer stands, in the viewer's language. */
function withdrawal(l: Locale, c: NotStanding) {
  const r = c.status.revocation;
  const revoked = r.by === 'administrator';
  return {
    label: t(l, revoked ? 'certificate.status.revoked' : 'certificate.status.reversed'),
    text: t(l, revoked ? 'certificate.withdrawn.revokedOn' : 'certificate.withdrawn.reversedOn', {
      date: formatDate(l, r.at),
    }),
    reason: revoked ? r.reason : undefined,
  };
}

function withdrawnView(l: Locale, c: WithdrawnCertificate): CertificateLinkView {
  const { label, text, reason } = withdrawal(l, c);
  return {
    title: c.facts.title[l],
    dateText:
      c.subject.kind === 'module' ? completedOnText(l, c.facts.on) : eligibleInText(l, c.subject.fiscalYear),
    withdrawn: { label, text, reason, checkHref: checkHref(c.publicId, l) },
  };
}

const ownAssessmentCertificatePath = (code: string) =>
  `/app/certificates/assessment/${encodeURIComponent(code)}`;
const learnersAssessmentCertificatePath = (personId: number, code: string) =>
  `/app/learners/${personId}/certificates/assessment/${encodeURIComponent(code)}`;

/**
 * A learner's certificates as staff see them on the learner record: the same list as the learner's progress (the
 * eligibility certificates of this fiscal year, then the completions), each downloaded through the staff routes.
 */
export const learnersCertificateLinks = (
  l: Locale,
  personId: number,
  eligible: ReadonlyArray<{ code: string; name: { th: string; en: string } }>,
  fiscalYear: number,
  list: CertificateList,
) => [
  ...assessmentCertificateLinks(l, eligible, fiscalYear, list, (code) =>
    learnersAssessmentCertificatePath(personId, code),
  ),
  ...certificateLinks(l, list, (e, language) => learnersCertificateHref(personId, e, language)),
];
export const ownCertificateLinks = (l: Locale, list: CertificateList) =>
  certificateLinks(l, list, ownCertificateHref);

/**
 * The eligibility certificates of this fiscal year: one per assessment the person is eligible for now, and one
 * revoked this fiscal year is marked (whether or not the person is still eligible: it is not issued again).
 */
export function assessmentCertificateLinks(
  l: Locale,
  eligible: ReadonlyArray<{ code: string; name: { th: string; en: string } }>,
  fiscalYear: number,
  list: CertificateList,
  /** Where the PDF is downloaded: the person's own (progress), or a learner's (staff, the learner record). */
  pathOf: (code: string) => string = ownAssessmentCertificatePath,
): CertificateLinkView[] {
  const withdrawn = new Map<string, WithdrawnCertificate>();
  for (const c of list.withdrawn)
    if (c.subject.kind === 'assessment' && c.subject.fiscalYear === fiscalYear)
      withdrawn.set(c.subject.assessmentCode, c);
  const listed = eligible.map((a): CertificateLinkView => {
    const gone = withdrawn.get(a.code);
    if (gone) {
      withdrawn.delete(a.code);
      return withdrawnView(l, gone);
    }
    const path = pathOf(a.code);
    return {
      title: a.name[l],
      dateText: eligibleInText(l, fiscalYear),
      thHref: `${path}?in=th`,
      enHref: `${path}?in=en`,
      badgeHref: `${path}/badge?in=${l}`,
    };
  });
  return [...listed, ...[...withdrawn.values()].map((c) => withdrawnView(l, c))];
}

/** The badge of a certificate's download link: the same path with /badge, the same query. */
const badgeHref = (pdfHref: string) => pdfHref.replace('?', '/badge?');

/** Where a certificate's badge is fetched (public): its VC-JWT as a download, or its JSON. */
const badgeDownloadHref = (publicId: string, l: Locale) => `/credentials/${publicId}?in=${l}&download=1`;
const badgeJsonHref = (publicId: string, l: Locale) => `/credentials/${publicId}/json?in=${l}`;

/** The public verification link of a certificate. */
export const verificationUrl = (baseUrl: string, publicId: string) =>
  `${baseUrl.replace(/\/$/, '')}/certificates/${publicId}`;

export interface CertificateRouteDeps extends PageDeps {
  baseUrl: string;
}

/**
 * Certificates inside the LMS session: downloading one's own (and a learner's, for staff), and the administrators'
 * page (the organisation's name and signatory; revocations).
 */
export function certificateRoutes(deps: CertificateRouteDeps): Router {
  const router = express.Router();

  async function sendPdf(
    req: Request,
    res: Response,
    ctx: PageContext,
    outcome: IssueOutcome | { refused: 'notEligible' | 'learnerNotEligible' },
  ) {
    const l = ctx.locale;
    if ('withdrawn' in outcome) return sendWithdrawn(req, res, l, outcome.withdrawn);
    if ('refused' in outcome)
      return sendErrorPage(req, res, deps.render, l, {
        status: outcome.refused === 'notFound' ? 404 : 422,
        heading: t(l, 'certificate.list.title'),
        message: t(l, `certificate.refused.${outcome.refused}`),
      });
    const c = outcome.issued;
    const language = languageQuery.parse(req.query.in);
    // The badge (Open Badges 3.0) of the certificate just issued or found: its public, signed credential.
    if (req.path.endsWith('/badge')) return res.redirect(303, badgeDownloadHref(c.publicId, language));
    const pdf = await certificatePdf({
      facts: c.facts,
      locale: language,
      verificationUrl: verificationUrl(deps.baseUrl, c.publicId),
      issuedAt: c.issuedAt,
    });
    res
      .status(200)
      .type('application/pdf')
      .set('Cache-Control', 'no-store')
      .set('Content-Disposition', `attachment; filename="certificate-${c.publicId}-${language}.pdf"`)
      .send(pdf);
  }

  /**
   * A certificate that no longer stands: 410 Gone, a page in the session saying when and why, with its public
   * check page; never its PDF or its badge (nothing is rendered, so no copy made before can be served either).
   */
  function sendWithdrawn(req: Request, res: Response, l: Locale, c: NotStanding) {
    const r = c.status.revocation;
    const revoked = r.by === 'administrator';
    res.set('Cache-Control', 'no-store');
    sendErrorPage(req, res, deps.render, l, {
      status: 410,
      heading: t(
        l,
        revoked ? 'certificate.withdrawn.revokedHeading' : 'certificate.withdrawn.reversedHeading',
      ),
      message: t(
        l,
        revoked ? 'certificate.withdrawn.revokedMessage' : 'certificate.withdrawn.reversedMessage',
        {
          title: c.facts.title[l],
          date: formatDate(l, r.at),
        },
      ),
      hint: revoked ? t(l, 'certificate.withdrawn.reason', { reason: r.reason }) : undefined,
      link: { href: checkHref(c.publicId, l), label: t(l, 'certificate.withdrawn.publicCheck') },
    });
  }

  router.get(
    ['/app/certificates/module/:entry', '/app/certificates/module/:entry/badge'],
    requireRole(deps, ['learner', 'instructor', 'admin'], async (req, res, ctx) => {
      const entry = entryIdSchema.safeParse(req.params.entry);
      if (!entry.success) return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      const found = await learnerAndFramework(deps, req, res, ctx);
      if (!found) return;
      const outcome = await issueModuleCertificate(deps, {
        person: found.learner,
        entryRootId: entry.data,
        framework: found.stored.framework,
      });
      await sendPdf(req, res, ctx, outcome);
    }),
  );

  router.get(
    ['/app/certificates/assessment/:code', '/app/certificates/assessment/:code/badge'],
    requireRole(deps, ['learner', 'instructor', 'admin'], async (req, res, ctx) => {
      const code = assessmentCode.safeParse(req.params.code);
      if (!code.success) return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      const found = await learnerAndFramework(deps, req, res, ctx);
      if (!found) return;
      const outcome = await issueAssessmentCertificate(deps, {
        learner: found.learner,
        framework: found.stored.framework,
        assessmentCode: code.data,
      });
      await sendPdf(req, res, ctx, outcome);
    }),
  );

  router.get(
    [
      '/app/learners/:person/certificates/module/:entry',
      '/app/learners/:person/certificates/module/:entry/badge',
    ],
    requireRole(deps, ['instructor', 'admin'], async (req, res, ctx) => {
      const person = personIdSchema.safeParse(req.params.person);
      const entry = entryIdSchema.safeParse(req.params.entry);
      const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
      if (!person.success || !entry.success || !me || me.contextId === undefined)
        return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      const { framework } = await getFramework(deps, ctx.tenantId);
      const outcome = await issueLearnersModuleCertificate(deps, {
        viewer: { tenantId: ctx.tenantId, contextId: me.contextId },
        personId: person.data,
        entryRootId: entry.data,
        framework,
      });
      await sendPdf(req, res, ctx, outcome);
    }),
  );

  router.get(
    [
      '/app/learners/:person/certificates/assessment/:code',
      '/app/learners/:person/certificates/assessment/:code/badge',
    ],
    requireRole(deps, ['instructor', 'admin'], async (req, res, ctx) => {
      const person = personIdSchema.safeParse(req.params.person);
      const code = assessmentCode.safeParse(req.params.code);
      const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
      if (!person.success || !code.success || !me || me.contextId === undefined)
        return sendStandardError(req, res, deps.render, ctx.locale, 'notFound');
      const { framework } = await getFramework(deps, ctx.tenantId);
      const outcome = await issueLearnersAssessmentCertificate(deps, {
        viewer: { tenantId: ctx.tenantId, contextId: me.contextId },
        personId: person.data,
        framework,
        assessmentCode: code.data,
      });
      // Staff read "this learner is not eligible", not the learner's "you are not eligible".
      await sendPdf(
        req,
        res,
        ctx,
        'refused' in outcome && outcome.refused === 'notEligible'
          ? { refused: 'learnerNotEligible' }
          : outcome,
      );
    }),
  );

  const settingsFields = (l: Locale): FormField[] =>
    (
      [
        'organisationTh',
        'organisationEn',
        'signatoryName',
        'signatoryPositionTh',
        'signatoryPositionEn',
      ] as const
    ).map((field) => ({ field, id: field, label: t(l, `certificate.field.${field}`) }));

  async function renderAdmin(
    req: Request,
    res: Response,
    ctx: PageContext,
    status: number,
    form?: {
      values?: CertificatesPage['values'];
      revoking?: { publicId: string; reason: string };
      errors: FormErrors;
    },
  ) {
    const l = ctx.locale;
    const page = pageQuery.parse(req.query.page ?? 1);
    const a = await getCertificateAdministration(deps, { tenantId: ctx.tenantId, page, pageSize: PAGE_SIZE });
    const s = a.settings;
    const done = doneQuery.parse(req.query.done);
    const pages = Math.max(1, Math.ceil(a.count / PAGE_SIZE));
    const errors = form?.errors ?? NO_ERRORS;
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'certificates',
      {
        title: t(l, 'certificate.admin.title'),
        done: done && t(l, `certificate.admin.done.${done}`),
        errors,
        values: form?.values ?? {
          organisationTh: s.organisation.th,
          organisationEn: s.organisation.en,
          signatoryName: s.signatoryName,
          signatoryPositionTh: s.signatoryPosition.th,
          signatoryPositionEn: s.signatoryPosition.en,
        },
        organisationNote:
          s.organisation.th || s.organisation.en
            ? undefined
            : t(l, 'certificate.admin.organisationDefault', { name: a.lmsName || '–' }),
        signatorySet: a.signatory !== undefined,
        signatoryNote: a.signatory
          ? t(l, 'certificate.admin.signatorySet', { name: a.signatory.name })
          : t(l, 'certificate.admin.signatoryNotSet'),
        certificates: a.certificates.map((c) => {
          const mine = form?.revoking?.publicId === c.publicId ? form.revoking : undefined;
          return {
            publicId: c.publicId,
            holder: c.facts.personName,
            kind: t(l, `certificate.kind.${c.kind}`),
            title: c.facts.title[l],
            issuedText: formatDate(l, c.issuedAt),
            status: statusCode(c),
            statusLabel: t(l, `certificate.status.${statusCode(c)}`),
            verifyHref: checkHref(c.publicId, l),
            revokeLabel: t(l, 'certificate.admin.revokeLabel', {
              name: c.facts.personName,
              title: c.facts.title[l],
            }),
            canRevoke: c.status.valid || c.status.revocation.by === 'reversal',
            reasonError: mine ? errors.fields.reason : undefined,
            reason: mine?.reason ?? '',
          };
        }),
        pager: pagerView(
          l,
          { page: Math.min(page, pages), pages, count: a.count },
          (n) => `${ADMIN_PATH}?page=${n}`,
        ),
      },
      status,
    );
  }

  const adminOnly = (handler: (req: Request, res: Response, ctx: PageContext) => Promise<void>) =>
    requireRole(deps, ['admin'], handler);

  router.get(
    ADMIN_PATH,
    adminOnly(async (req, res, ctx) => renderAdmin(req, res, ctx, 200)),
  );

  const form = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 10 });

  router.post(
    ADMIN_PATH,
    form,
    adminOnly(async (req, res, ctx) => {
      const values = settingsForm.parse(req.body ?? {});
      const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
      if (!me) return sendStandardError(req, res, deps.render, ctx.locale, 'forbidden');
      const problems: SettingsProblem[] = await saveCertificateSettings(
        deps,
        { tenantId: ctx.tenantId, personId: me.personId, lms: lmsOf(ctx.launch) },
        values,
      );
      if (problems.length > 0)
        return renderAdmin(req, res, ctx, 422, {
          values,
          errors: formErrors(
            ctx.locale,
            settingsFields(ctx.locale),
            problems.map((p) => ({ field: p.field, key: `certificate.problem.${p.code}` })),
          ),
        });
      redirectWithLtik(res, ctx.ltik, `${ADMIN_PATH}?done=saved`);
    }),
  );

  router.post(
    `${ADMIN_PATH}/revoke`,
    form,
    adminOnly(async (req, res, ctx) => {
      const l = ctx.locale;
      const parsed = revokeForm.safeParse(req.body ?? {});
      const me = parsed.success ? await deps.learnerOf(ctx.launch, ctx.tenantId) : undefined;
      if (!parsed.success || !me) return sendStandardError(req, res, deps.render, l, 'badRequest');
      const result = await revokeCertificate(
        deps,
        { tenantId: ctx.tenantId, personId: me.personId, lms: lmsOf(ctx.launch) },
        { publicId: parsed.data.certificate, reason: parsed.data.reason },
      );
      if (result === 'notFound') return sendStandardError(req, res, deps.render, l, 'notFound');
      if (typeof result === 'object')
        return renderAdmin(req, res, ctx, 422, {
          revoking: { publicId: parsed.data.certificate, reason: parsed.data.reason },
          errors: formErrors(
            l,
            [
              {
                field: 'reason',
                id: `reason-${parsed.data.certificate}`,
                label: t(l, 'certificate.admin.reason'),
              },
            ],
            [{ field: 'reason', key: `certificate.problem.${result.problem}` }],
          ),
        });
      redirectWithLtik(res, ctx.ltik, `${ADMIN_PATH}?done=${result}`);
    }),
  );

  router.post(
    `${ADMIN_PATH}/rotate-badge-key`,
    form,
    adminOnly(async (req, res, ctx) => {
      const me = await deps.learnerOf(ctx.launch, ctx.tenantId);
      if (!me) return sendStandardError(req, res, deps.render, ctx.locale, 'forbidden');
      const outcome = await rotateBadgeKey(deps, {
        tenantId: ctx.tenantId,
        personId: me.personId,
        lms: lmsOf(ctx.launch),
      });
      redirectWithLtik(res, ctx.ltik, `${ADMIN_PATH}?done=${outcome === 'rotated' ? 'keyRotated' : 'noKey'}`);
    }),
  );

  return router;
}

function statusCode(c: StoredCertificate): 'valid' | 'revoked' | 'reversed' {
  if (c.status.valid) return 'valid';
  return c.status.revocation.by === 'administrator' ? 'revoked' : 'reversed';
}

/**
 * The public verification page, GET /certificates/:publicId: no session, no cookie needed, one indexed read. It
 * says who, what, when and which organisation, and whether the certificate still stands; never an email or the
 * LMS's ids. Not indexed by search engines.
 */
export function certificateVerificationRoutes(deps: {
  render: RenderPage;
  defaultLocale: Locale;
  certificates: PageDeps['certificates'];
}): Router {
  const router = express.Router();
  router.get('/certificates/:publicId', async (req, res, next) => {
    try {
      const l = requestLocale(req, deps.defaultLocale);
      res.set('X-Robots-Tag', 'noindex, nofollow');
      res.set('Referrer-Policy', 'no-referrer');
      const c = await verifyCertificate(deps, String(req.params.publicId));
      const disclaimer = t(l, 'certificate.pdf.disclaimer');
      if (!c) {
        renderPage(
          req,
          res,
          deps.render,
          { locale: l },
          'certificate-verify',
          {
            title: t(l, 'certificate.verify.notFound.title'),
            disclaimer,
          },
          404,
        );
        return;
      }
      const f = c.facts;
      const revocation = c.status.valid ? undefined : c.status.revocation;
      renderPage(req, res, deps.render, { locale: l }, 'certificate-verify', {
        title: t(l, 'certificate.verify.title'),
        certificate: {
          valid: c.status.valid,
          revokedText:
            revocation &&
            t(
              l,
              revocation.by === 'administrator'
                ? 'certificate.verify.revoked'
                : 'certificate.verify.reversed',
              {
                date: formatDate(l, revocation.at),
              },
            ),
          reason: revocation?.by === 'administrator' ? revocation.reason : undefined,
          kind: t(l, `certificate.kind.${f.kind}`),
          holder: f.personName,
          title: f.title[l],
          organisation: f.organisation[l],
          hours: formatHours(f.hours, l),
          skillSets: f.skillSets.map((s) => s.name[l]),
          onText: formatDate(l, new Date(`${f.on}T12:00:00+07:00`)),
          issuedText: formatDate(l, c.issuedAt),
          badge: {
            downloadHref: badgeDownloadHref(c.publicId, l),
            jsonHref: badgeJsonHref(c.publicId, l),
            verifyHref: `/credentials/verify?lang=${l}`,
          },
        },
        disclaimer,
      });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
