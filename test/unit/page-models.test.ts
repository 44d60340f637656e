import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'express';
import { renderPage } from '../../src/http/pages';
import { createViews, type RenderPage } from '../../src/http/views';
import { PAGE_FRAME } from '../../src/http/view-models/page-models';

const pagesDir = path.join(__dirname, '..', '..', 'views', 'pages');

describe('pages and their view models', () => {
  it('every template in views/pages is a page the types know, and every page has its template', () => {
    const templates = fs
      .readdirSync(pagesDir)
      .filter((f) => f.endsWith('.hbs'))
      .map((f) => path.basename(f, '.hbs'))
      .sort();
    expect(Object.keys(PAGE_FRAME).sort()).toEqual(templates);
  });

  it("refuses, at type-check time, a page rendered with another page's model or with a field it does not declare", () => {
    // Never called: the lines below are for `npm run typecheck`, which fails if an expected error is missing.
    const check = (req: Request, res: Response, render: RenderPage) => {
      const session = { locale: 'en' as const, ltik: 'x' };
      // @ts-expect-error the registration-done page's model is not the landing page's
      renderPage(req, res, render, session, 'landing', { title: 'T', issuer: 'i', clientId: 'c' });
      // @ts-expect-error the error page declares no `jwt`
      renderPage(req, res, render, session, 'error', { title: 'T', heading: 'H', message: 'M', jwt: 'j' });
      // @ts-expect-error a page no template has
      renderPage(req, res, render, session, 'no-such-page', { title: 'T' });
      renderPage(req, res, render, session, 'registration-done', { title: 'T', issuer: 'i', clientId: 'c' });
    };
    expect(typeof check).toBe('function');
    expect(typeof createViews()).toBe('function');
  });
});
