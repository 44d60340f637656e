import express, { type Router } from 'express';
import { t } from '../../i18n/i18n';
import { getAdminHome } from '../../use-cases/get-admin-home';
import { getInstructorHome } from '../../use-cases/get-instructor-home';
import { getLearnerHome } from '../../use-cases/get-learner-home';
import { countFollowUpsToAnswer } from '../../use-cases/get-follow-ups';
import { FOLLOW_UPS_PATH } from './follow-ups.routes';
import { formatNumber } from '../view-models/bar-chart.view-model';
import type { RosterSource } from '../../use-cases/ports';
import { learnerAndFramework } from '../learner-context';
import { requireRole } from '../middleware/require-role';
import type { PageDeps } from '../page-deps';
import { renderPage } from '../pages';
import {
  aboutLaunch,
  courseHomeView,
  learnerHomeView,
  organisationHomeView,
  teachingHomeView,
  type HomePage,
} from '../view-models/home.view-model';

/** The home page reads the course roster from the LMS for an instructor in a course (learners who never came). */
export type HomeDeps = PageDeps & RosterSource;

/** Where a launch without a placed module lands, and where the brand and "Home" lead. */
export const HOME_PATH = '/app/home';

/**
 * Each role's home ("what now?"), by the role of the launch (Moodle sends one per launch: an instructor who is
 * also a learner elsewhere sees the instructor's home here). One use case per role; the page shows their parts.
 */
export function homeRoutes(deps: HomeDeps): Router {
  const router = express.Router();

  router.get(
    HOME_PATH,
    requireRole(deps, ['learner', 'instructor', 'admin'], async (req, res, ctx) => {
      const found = await learnerAndFramework(deps, req, res, ctx);
      if (!found) return;
      const { learner, stored } = found;
      const l = ctx.locale;
      const { launch } = ctx;
      const f = stored.framework;
      const model: HomePage = {
        title: t(l, 'nav.home'),
        name: launch.name,
        about: aboutLaunch(l, launch),
      };
      if (launch.role === 'learner') {
        model.learner = learnerHomeView(l, f, await getLearnerHome(deps, { learner, framework: f }));
      } else {
        const membership = launch.nrpsMembershipsUrl
          ? { issuer: launch.issuer, clientId: launch.clientId, membershipsUrl: launch.nrpsMembershipsUrl }
          : undefined;
        const [teaching, organisation] = await Promise.all([
          getInstructorHome(deps, { viewer: learner, membership }),
          launch.role === 'admin' ? getAdminHome(deps, { tenantId: ctx.tenantId }) : undefined,
        ]);
        model.course = courseHomeView(l, teaching);
        model.teaching = teachingHomeView(l, f, teaching, learner.contextId !== undefined);
        if (organisation) model.organisation = organisationHomeView(l, organisation);
      }
      const followUps = await countFollowUpsToAnswer(deps, {
        tenantId: ctx.tenantId,
        personId: learner.personId,
      });
      if (followUps > 0) model.followUps = { count: formatNumber(l, followUps), href: FOLLOW_UPS_PATH };
      renderPage(req, res, deps.render, ctx, 'home', model);
    }),
  );

  return router;
}
