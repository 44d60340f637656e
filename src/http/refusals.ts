import type { Request, Response } from 'express';
import { t, type Locale } from '../i18n/i18n';
import type { DutyRefusal } from '../domain/review/separation-of-duties';
import { sendErrorPage } from './pages';
import type { RenderPage } from './views';

/** The 403 page for a decision about one's own record or plan: it says why, and who decides instead. */
export function sendDutyRefusal(
  req: Request,
  res: Response,
  render: RenderPage,
  locale: Locale,
  refusal: DutyRefusal,
): void {
  sendErrorPage(req, res, render, locale, {
    status: 403,
    heading: t(locale, 'duties.refused.title'),
    message: t(locale, `duties.refused.${refusal.duty}`),
  });
}
