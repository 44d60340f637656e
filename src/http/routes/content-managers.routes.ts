import express, { type Request, type Response, type Router } from 'express';
import { personIdSchema } from '../../shared/id-schemas';
import { z } from 'zod';
import { t } from '../../i18n/i18n';
import { nameContentManager, type ContentManagerChange } from '../../use-cases/name-content-manager';
import { removeContentManager } from '../../use-cases/remove-content-manager';
import {
  CANDIDATE_LIMIT,
  getContentManagers,
  mayListContentManagers,
} from '../../use-cases/get-content-managers';
import type { OrganisationPerson } from '../../use-cases/ports';
import { requireRole, type PageContext } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { lmsOf } from '../lms-origin';
import { redirectWithLtik, renderPage, sendErrorPage, sendStandardError } from '../pages';
import { formErrors, NO_ERRORS, type FormErrors, type FormField } from '../form-errors';

const PATH = '/app/organisation/content-managers';
const searchQuery = z.object({
  q: z.string().trim().max(100).catch(''),
  done: z.enum(['named', 'removed', 'alreadyNamed']).optional().catch(undefined),
});
const personForm = z.object({ person: personIdSchema });
/** The search the naming form was sent from (a hidden copy), so that the page comes back with the same list. */
const searchField = z.object({ q: z.string().trim().max(100).catch('') }).catch({ q: '' });

/**
 * The organisation's content managers, for the LMS's administrators: who may change the catalogue, the framework
 * and the organisation's rules besides them. A person is named from those who have launched as instructors.
 */
export function contentManagerRoutes(deps: PageDeps): Router {
  const router = express.Router();

  const guarded = (handler: (req: Request, res: Response, ctx: PageContext) => Promise<void>) =>
    requireRole(deps, ['learner', 'instructor', 'admin'], async (req, res, ctx) => {
      if (!mayListContentManagers(ctx.launch)) {
        sendStandardError(req, res, deps.render, ctx.locale, 'forbidden');
        return;
      }
      await handler(req, res, ctx);
    });

  const personView = (p: OrganisationPerson) => ({
    personId: p.personId,
    name: p.name,
    email: p.email,
    // Moodle's privacy settings can withhold name and email: the LMS user id is what is left to tell people apart.
    withheld: p.name === undefined && p.email === undefined,
    platformUserId: p.platformUserId,
  });

  /**
   * The page; `refused` when naming someone was refused (422): the summary names the person field and links to
   * the search box (the one control that finds another person), the search as it was.
   */
  async function renderManagersPage(
    req: Request,
    res: Response,
    ctx: PageContext,
    status: number,
    q: string,
    done?: z.infer<typeof searchQuery>['done'],
    errors: FormErrors = NO_ERRORS,
  ) {
    const l = ctx.locale;
    const { managers, candidates } = await getContentManagers(deps, { tenantId: ctx.tenantId, search: q });
    renderPage(
      req,
      res,
      deps.render,
      ctx,
      'content-managers',
      {
        title: t(l, 'contentManagers.title'),
        done: done && t(l, `contentManagers.done.${done}`),
        q,
        errors,
        managers: managers.map((m) => ({ ...personView(m), namedAt: m.namedAt })),
        candidates: candidates.map((p) => personView(p)),
        more: candidates.length === CANDIDATE_LIMIT,
      },
      status,
    );
  }

  router.get(
    PATH,
    guarded(async (req, res, ctx) => {
      const { q, done } = searchQuery.parse(req.query);
      await renderManagersPage(req, res, ctx, 200, q, done);
    }),
  );

  /** The naming form's field: the person, found with the search box. */
  const namingFields = (l: PageContext['locale']): FormField[] => [
    { field: 'person', id: 'person', href: '#q', label: t(l, 'contentManagers.field.person') },
  ];

  /** 303 back to the list, or an error page: a refused change writes nothing. */
  function answer(req: Request, res: Response, ctx: PageContext, result: ContentManagerChange): void {
    const l = ctx.locale;
    if (result === 'named' || result === 'removed' || result === 'alreadyNamed') {
      redirectWithLtik(res, ctx.ltik, `${PATH}?done=${result}`);
      return;
    }
    if (result === 'forbidden') return sendStandardError(req, res, deps.render, l, 'forbidden');
    sendErrorPage(req, res, deps.render, l, {
      status: result === 'notStaff' ? 422 : 404,
      heading: t(l, 'contentManagers.title'),
      message: t(l, `contentManagers.refused.${result}`),
    });
  }

  const form = express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 10 });

  router.post(
    PATH,
    form,
    guarded(async (req, res, ctx) => {
      const parsed = personForm.safeParse(req.body);
      const me = parsed.success ? await deps.learnerOf(ctx.launch, ctx.tenantId) : undefined;
      if (!parsed.success || !me) return sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
      const who = {
        tenantId: ctx.tenantId,
        platformUserId: ctx.launch.platformUserId,
        role: ctx.launch.role,
      };
      const result = await nameContentManager(
        deps,
        { ...who, personId: me.personId, lms: lmsOf(ctx.launch) },
        parsed.data.person,
      );
      if (result === 'notStaff')
        return renderManagersPage(
          req,
          res,
          ctx,
          422,
          searchField.parse(req.body).q,
          undefined,
          formErrors(ctx.locale, namingFields(ctx.locale), [
            { field: 'person', key: 'contentManagers.refused.notStaff' },
          ]),
        );
      answer(req, res, ctx, result);
    }),
  );

  router.post(
    `${PATH}/remove`,
    form,
    guarded(async (req, res, ctx) => {
      const parsed = personForm.safeParse(req.body);
      const me = parsed.success ? await deps.learnerOf(ctx.launch, ctx.tenantId) : undefined;
      if (!parsed.success || !me) return sendStandardError(req, res, deps.render, ctx.locale, 'badRequest');
      const who = {
        tenantId: ctx.tenantId,
        platformUserId: ctx.launch.platformUserId,
        role: ctx.launch.role,
        personId: me.personId,
        lms: lmsOf(ctx.launch),
      };
      answer(req, res, ctx, await removeContentManager(deps, who, parsed.data.person));
    }),
  );

  return router;
}
