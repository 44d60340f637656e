import type { Request, Response } from 'express';
import { t, type Locale } from '../../i18n/i18n';
import type { LaunchContext } from '../../lti/launch-context';
import { openCatalogue, type OpenCatalogueDeps } from '../../use-cases/open-catalogue';
import { sendErrorPage, sendPage } from '../pages';
import type { RenderPage } from '../views';
import { rememberLanguage, switchLanguageUrl, type LandingDeps } from './landing';
import { requestLocale } from '../locale';

export interface ModuleLaunchDeps extends OpenCatalogueDeps, LandingDeps {
  render: RenderPage;
  defaultLocale: Locale;
  tenantIdOf(launch: LaunchContext): Promise<number>;
}

/**
 * A link placed by Deep Linking carries custom.module: the launch opens that module (its newest published
 * version). Returns false when the launch names no module, so the caller shows the landing page.
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
  rememberLanguage(req, res, deps);
  const l = requestLocale(req, deps.defaultLocale, launch.locale);
  const tenantId = await deps.tenantIdOf(launch);
  const { framework } = await openCatalogue(deps, tenantId);
  const found = await deps.modules.getPublished(tenantId, slug);
  if (!found) {
    sendErrorPage(req, res, deps.render, l, {
      status: 404,
      heading: t(l, 'module.notFound.title'),
      message: t(l, 'module.notFound.body'),
    });
    return true;
  }
  const { content } = found;
  const skillSetName = new Map(framework.framework.skillSets.map((s) => [s.code, s.name[l]]));
  const areaName = new Map(framework.framework.areas.map((a) => [a.code, a.name[l]]));
  sendPage(res, deps.render, 200, 'module', {
    locale: l,
    title: content.title[l],
    ltik,
    langSwitchUrl: switchLanguageUrl(req, l, ltik),
    module: {
      slug,
      title: content.title[l],
      summary: content.summary[l],
      category: content.category,
      hours: content.estimatedHours,
      pages: content.pages.map((p) => p.title[l]),
      questions: content.quiz?.questions.length ?? 0,
      passPercent: content.completionRule.kind === 'pages' ? undefined : content.completionRule.passPercent,
      mappings: content.mappings.map((x) => ({
        name: x.area
          ? `${skillSetName.get(x.skillSet) ?? x.skillSet}: ${areaName.get(x.area) ?? x.area}`
          : (skillSetName.get(x.skillSet) ?? x.skillSet),
        hours: x.hours,
      })),
    },
  });
  return true;
}
