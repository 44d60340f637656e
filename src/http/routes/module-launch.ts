import type { Request, Response } from 'express';
import { t, type Locale } from '../../i18n/i18n';
import type { LaunchContext } from '../../lti/launch-context';
import { openCatalogue } from '../../use-cases/open-catalogue';
import { openModule, openModuleAsLearner } from '../../use-cases/open-module';
import { sendErrorPage, sendRedirect } from '../pages';
import type { RenderPage } from '../views';
import { rememberLanguage, type LandingDeps } from './landing';
import { HOME_PATH } from './home.routes';
import { requestLocale } from '../locale';
import { gradeTarget, renderModuleOverview, type ModulePlayerDeps } from './module-player.routes';

export interface ModuleLaunchDeps extends ModulePlayerDeps, LandingDeps {
  render: RenderPage;
  defaultLocale: Locale;
}

/**
 * A link placed by Deep Linking carries custom.module: the launch opens that module (its newest published
 * version), where the learner left off. Returns false when the launch names no module (the home page instead).
 */
export async function renderModuleLaunch(
  deps: ModuleLaunchDeps,
  req: Request,
  res: Response,
  launch: LaunchContext,
  ltik: string,
): Promise<boolean> {
  const slug = launch.custom.module;
  if (!slug) return false;
  rememberLanguage(req, res, deps, ltik);
  const l = requestLocale(req, deps.defaultLocale, launch.locale, ltik);
  const tenantId = await deps.tenantIdOf(launch);
  const { framework } = await openCatalogue(deps, tenantId);
  const learner = await deps.learnerOf(launch, tenantId);
  // A learner's launch of a placement whose module they completed (elsewhere, or before the placement existed)
  // queues their grade for it here, in the read the page makes anyway.
  const open = launch.role === 'learner' ? openModuleAsLearner : openModule;
  const view = learner && (await open(deps, learner, slug, gradeTarget(launch, slug)));
  if (!view) {
    sendErrorPage(req, res, deps.render, l, {
      status: 404,
      heading: t(l, 'module.notFound.title'),
      message: t(l, 'module.notFound.body'),
    });
    return true;
  }
  renderModuleOverview(
    deps,
    req,
    res,
    { ltik, locale: l, isLearner: launch.role === 'learner', launch },
    framework,
    view,
  );
  return true;
}

/**
 * A launch's first page: the module its link places (renderModuleLaunch), else a redirect to the role's home page.
 * The home page's reads stay off the launch: the launch answers at once, the browser asks for home next.
 */
export function renderLaunchPage(deps: ModuleLaunchDeps) {
  return async (req: Request, res: Response, launch: LaunchContext, ltik: string): Promise<void> => {
    const opened = await renderModuleLaunch(deps, req, res, launch, ltik);
    if (opened) return;
    rememberLanguage(req, res, deps, ltik);
    sendRedirect(res, `${HOME_PATH}?ltik=${encodeURIComponent(ltik)}`);
  };
}
