import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { DemoRole } from '../../src/demo/demo-platform';
import { seriousViolations, formatFindings, type AxeFinding } from '../support/axe';
import { startBrowserTool, type BrowserTool } from '../support/browser';
import { DEMO_MODULE, launchInWindow, seedDemoCourse, type Lang } from '../support/demo-data';
import { SCREENSHOT_DIR, saveScreenshot } from '../support/screenshots';
import { DRAWN_MODULE, GAINS_MODULE, seedQuestionBank } from '../support/question-bank-data';
import { seedDueFollowUp } from '../support/follow-up-data';

// The accessibility gate (#17): every page each role can reach, in Thai and in English, on a desktop (1366 px)
// and a phone (375 px), checked by axe-core in Chromium. A serious or critical violation fails the gate, named by
// page, rule and element. Every page visited is saved as a full-page screenshot, and the height of each page of
// a learner with a year of records is printed and held to the budget of 2,000 px on a desktop.
let tool: BrowserTool;

const WIDTHS = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 375, height: 740 },
] as const;
const LOCALES: Lang[] = ['th', 'en'];

/**
 * Where each role starts besides its home page: the pages of its navigation, and those only reachable from a
 * link inside a page (a module's pages, a learner's record). Links found on every page visited are followed too,
 * so a page added later is checked without being listed here.
 */
const START: Record<DemoRole, string[]> = {
  learner: [
    '/app/home',
    '/app/modules',
    '/app/progress',
    '/app/progress/history',
    '/app/record/new',
    '/app/plan',
    '/app/self-assessment',
    '/app/framework',
    `/app/modules/${DEMO_MODULE}`,
    `/app/modules/${DEMO_MODULE}/pages/1`,
    `/app/modules/${DEMO_MODULE}/quiz`,
    // A quiz drawn from the question bank: its pre-test first (offered before any attempt), then an attempt.
    `/app/modules/${DRAWN_MODULE}/pretest`,
    `/app/modules/${DRAWN_MODULE}/quiz`,
    // A module whose drawn quiz the learner took: the module page links the result's own page.
    `/app/modules/${GAINS_MODULE}`,
    '/app/modules/no-such-module',
    '/app/notifications',
    // A follow-up open for the demo learner (seedDueFollowUp): the list links to its questionnaire.
    '/app/follow-ups',
  ],
  instructor: [
    '/app/home',
    '/app/modules',
    '/app/class',
    '/app/approvals',
    '/app/learners',
    '/app/grades',
    '/app/catalogue',
    '/app/catalogue/matrix',
    '/app/assessments',
    '/app/framework',
    `/app/modules/${DEMO_MODULE}`,
    // The module's learners' pre-test, post-test and gain.
    `/app/modules/${GAINS_MODULE}`,
    '/app/notifications',
    '/app/follow-ups',
    // An error page in the frame (#17): a page of administrators only.
    '/app/organisation',
  ],
  admin: [
    '/app/home',
    '/app/modules',
    '/app/organisation',
    '/app/organisation/content-managers',
    '/app/organisation/snapshots',
    '/app/organisation/needs',
    '/app/organisation/stage',
    '/app/organisation/target-groups/import',
    '/app/organisation/official-results/import',
    '/app/organisation/certificates',
    '/app/organisation/hand-ins',
    '/app/class',
    '/app/approvals',
    '/app/learners',
    '/app/grades',
    '/app/catalogue',
    '/app/catalogue/new',
    `/app/catalogue/${DEMO_MODULE}/edit`,
    '/app/bank',
    '/app/bank/new',
    `/app/catalogue/${DRAWN_MODULE}/quiz-draw`,
    '/app/organisation/gains',
    '/app/catalogue/matrix',
    '/app/assessments',
    '/app/framework',
    '/app/framework/choose?framework=tpqi-digital-government-2567',
    '/app/notifications',
    '/app/organisation/follow-ups',
    '/app/follow-ups',
    // An error page in the frame (#17): a snapshot that does not exist.
    '/app/organisation/snapshots/999999',
  ],
};

/** The error pages each role visits (one per role at least, each in the frame of its session) and their status. */
const ERROR_PAGES: Record<DemoRole, Record<string, number>> = {
  learner: { '/app/modules/(not found)': 404 },
  instructor: { '/app/organisation': 403 },
  admin: { '/app/organisation/snapshots/(not found)': 404 },
};

/** Paths of one page template: the first link found to each is visited, not every learner's or module's. */
const PATTERNS: Array<[RegExp, string]> = [
  [/^\/app\/modules\/[^/]+\/pages\/[^/]+$/, '/app/modules/:slug/pages/:page'],
  [new RegExp(`^/app/modules/${DRAWN_MODULE}/quiz$`), '/app/modules/:drawn/quiz'],
  [/^\/app\/modules\/[^/]+\/quiz$/, '/app/modules/:slug/quiz'],
  [/^\/app\/modules\/[^/]+\/pretest$/, '/app/modules/:slug/pretest'],
  [new RegExp(`^/app/modules/${GAINS_MODULE}$`), '/app/modules/:with-gains'],
  [/^\/app\/catalogue\/[^/]+\/quiz-draw$/, '/app/catalogue/:slug/quiz-draw'],
  [/^\/app\/modules\/no-such-module$/, '/app/modules/(not found)'],
  [/^\/app\/organisation\/snapshots\/999999$/, '/app/organisation/snapshots/(not found)'],
  [/^\/app\/modules\/[^/]+\/quiz\/attempts\/\d+$/, '/app/modules/:slug/quiz/attempts/:id'],
  [/^\/app\/modules\/[^/]+$/, '/app/modules/:slug'],
  [/^\/app\/catalogue\/[^/]+\/edit$/, '/app/catalogue/:slug/edit'],
  [/^\/app\/assessments\/[^/]+\/[^/]+$/, '/app/assessments/:code/:group'],
  [/^\/app\/learners\/[^/]+\/record\/[^/]+$/, '/app/learners/:person/record/:entry'],
  [/^\/app\/learners\/(?!target$)[^/]+\/(record|plan)$/, '/app/learners/:person/$1'],
  [/^\/app\/self-assessment\/[^/]+$/, '/app/self-assessment/:id'],
];
const patternOf = (pathname: string) => {
  for (const [re, name] of PATTERNS) if (re.test(pathname)) return pathname.replace(re, name);
  // Any other segment with a digit is an id.
  return pathname.replace(/\/[^/]*\d[^/]*/g, '/:id');
};

/** Links worth following: the tool's own pages, not downloads, exports or the LMS. */
const followable = (url: URL, base: string) =>
  url.origin === base &&
  url.pathname.startsWith('/app') &&
  !/\.(csv|json)$/.test(url.pathname) &&
  !url.pathname.startsWith('/app/evidence/') &&
  // A certificate is a PDF download (a module's or an assessment's, the learner's or a learner's), not a page.
  !/\/certificates\/(module|assessment)\//.test(url.pathname) &&
  !url.pathname.startsWith('/app/deep-link');

/** At most this many page templates per role: past it, the crawl has found a loop of new ids, not new pages. */
const MAX_PAGES = 60;

interface Visit {
  role: DemoRole;
  lang: Lang;
  width: number;
  page: string;
  status: number;
  height: number;
  screenshot: string;
}
const visits: Visit[] = [];
const timing = { axe: 0, screenshot: 0 };

/** The home page, then every page of START and every page linked from a visited page, one per template. */
async function crawl(
  page: Page,
  role: DemoRole,
  lang: Lang,
  width: number,
  home: string,
): Promise<AxeFinding[]> {
  const base = tool.base;
  const findings: AxeFinding[] = [];
  const seen = new Set<string>();
  const ltik = new URL(home).searchParams.get('ltik') ?? '';
  const queue: string[] = [
    home,
    ...START[role].map((p) => `${base}${p}${p.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(ltik)}`),
  ];
  while (queue.length > 0) {
    const next = new URL(queue.shift()!);
    const key = next.pathname === new URL(home).pathname ? '(home)' : patternOf(next.pathname);
    if (seen.has(key)) continue;
    seen.add(key);
    if (seen.size > MAX_PAGES)
      throw new Error(`more than ${MAX_PAGES} pages for ${role}: ${[...seen].join(', ')}`);
    next.searchParams.set('lang', lang);
    const response = await page.goto(next.href);
    const status = response?.status() ?? 0;
    const label = `${role} ${lang} ${width}px ${key} (${status})`;
    // A listed page that answers with an error page would pass axe without checking the page meant.
    const expected = ERROR_PAGES[role][key] ?? 200;
    if (status !== expected)
      findings.push({
        page: label,
        rule: 'http-status',
        impact: 'critical',
        target: next.pathname,
        summary: `expected ${expected}`,
      });
    const t0 = performance.now();
    findings.push(...(await seriousViolations(page, label)));
    const t1 = performance.now();
    const height = await page.evaluate('document.documentElement.scrollHeight');
    const screenshot = await saveScreenshot(
      page,
      `${role}-${lang}-${width}-${key === '(home)' ? 'home' : key}`,
    );
    timing.axe += t1 - t0;
    timing.screenshot += performance.now() - t1;
    visits.push({ role, lang, width, page: key, status, height: Number(height), screenshot });
    const links = await page
      .locator('a[href]')
      .evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
    for (const href of links) {
      const url = new URL(href);
      if (followable(url, base) && !seen.has(patternOf(url.pathname))) queue.push(url.href);
    }
  }
  return findings;
}

/**
 * A certificate's public check page (outside the session's /app pages, so the crawl does not reach it): the demo
 * learner's certificate of their completed module, issued by downloading it from the progress page.
 */
async function checkCertificatePage(page: Page, lang: Lang, width: number): Promise<AxeFinding[]> {
  const progress = new URL(page.url());
  progress.pathname = '/app/progress';
  await page.goto(progress.href);
  const pdf = await page.locator('a[href*="/app/certificates/module/"]').first().getAttribute('href');
  const download = await page.request.get(new URL(pdf!, tool.base).href);
  const publicId = /certificate-([A-Za-z0-9_-]{22})-/.exec(
    download.headers()['content-disposition'] ?? '',
  )?.[1];
  const response = await page.goto(`${tool.base}/certificates/${publicId}?lang=${lang}`);
  const label = `public ${lang} ${width}px /certificates/:publicId (${response?.status() ?? 0})`;
  const findings = await seriousViolations(page, label);
  if (response?.status() !== 200)
    findings.push({
      page: label,
      rule: 'http-status',
      impact: 'critical',
      target: '/certificates',
      summary: 'expected 200',
    });
  const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
  const screenshot = await saveScreenshot(page, `public-${lang}-${width}-certificate`);
  visits.push({
    role: 'learner',
    lang,
    width,
    page: '/certificates/:publicId',
    status: 200,
    height,
    screenshot,
  });
  findings.push(...(await checkBadgeCheckPage(page, lang, width)));
  return findings;
}

/**
 * The public check of a digital badge (Open Badges 3.0): its empty form, then the verdict on the badge the
 * certificate page links (downloaded as a visitor would), in the page's language.
 */
async function checkBadgeCheckPage(page: Page, lang: Lang, width: number): Promise<AxeFinding[]> {
  const href = await page.getByTestId('certificate-badge').locator('a[download]').getAttribute('href');
  const jwt = await (await page.request.get(new URL(href!, tool.base).href)).text();
  const findings: AxeFinding[] = [];
  for (const step of ['form', 'verdict'] as const) {
    if (step === 'form') await page.goto(`${tool.base}/credentials/verify?lang=${lang}`);
    else {
      await page.locator('#credential').fill(jwt);
      await page.locator('form[method="post"] button[type="submit"]').click();
      await page.getByTestId('badge-valid').waitFor();
    }
    findings.push(
      ...(await seriousViolations(page, `public ${lang} ${width}px /credentials/verify (${step})`)),
    );
    const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
    const screenshot = await saveScreenshot(page, `public-${lang}-${width}-badge-${step}`);
    visits.push({
      role: 'learner',
      lang,
      width,
      page: `/credentials/verify (${step})`,
      status: 200,
      height,
      screenshot,
    });
  }
  return findings;
}

/**
 * The demo LMS's own page, once per language and width (the frame around the tool's first launch), with the
 * activities placed through "Select content" (checkSelectContent runs first) and the gradebook.
 */
async function checkDemoPage(page: Page, lang: Lang, width: number): Promise<AxeFinding[]> {
  await page.goto(`${tool.base}/demo?lang=${lang}`);
  const findings = await seriousViolations(page, `demo LMS ${lang} ${width}px /demo`);
  const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
  const screenshot = await saveScreenshot(page, `demo-${lang}-${width}`);
  visits.push({ role: 'learner', lang, width, page: '/demo', status: 200, height, screenshot });
  return findings;
}

beforeAll(async () => {
  tool = await startBrowserTool();
  await seedDemoCourse(tool);
  await seedQuestionBank(tool);
  await seedDueFollowUp(tool);
}, 120_000);

afterAll(async () => {
  await tool?.close();
  if (visits.length === 0) return;
  // The heights of a learner's pages at 1366 px against the 2,000 px budget, and where the screenshots are.
  const learner = visits.filter((v) => v.role === 'learner' && v.width === 1366 && v.page !== '/demo');
  const pages = [...new Set(learner.map((v) => v.page))];
  const height = (p: string, lang: Lang) => learner.find((v) => v.page === p && v.lang === lang)?.height ?? 0;
  const lines = [
    '| learner page (1366 px, a year of records) | th px | en px | within 2,000 px |',
    '|---|--:|--:|---|',
    ...pages.map((p) => {
      const th = height(p, 'th');
      const en = height(p, 'en');
      return `| ${p} | ${th} | ${en} | ${Math.max(th, en) <= 2000 ? 'yes' : 'NO'} |`;
    }),
  ];
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  fs.writeFileSync(path.join(SCREENSHOT_DIR, 'page-heights.md'), `${lines.join('\n')}\n`);
  process.stdout.write(
    `\nPage heights (also in ${path.join(SCREENSHOT_DIR, 'page-heights.md')}):\n${lines.join('\n')}\n` +
      `${visits.length} pages: axe ${(timing.axe / 1000).toFixed(1)} s, screenshots ${(timing.screenshot / 1000).toFixed(1)} s; screenshots in ${SCREENSHOT_DIR}\n`,
  );
});

/**
 * The demo LMS's "Select content" (Deep Linking) in a new window, in one language and width: the tool's picker,
 * the demo's page for the tool's verified answer (one module placed, so the demo page the learner tests check
 * afterwards lists placed activities), and its page for a refused answer.
 */
async function checkSelectContent(lang: Lang, size: (typeof WIDTHS)[number]): Promise<AxeFinding[]> {
  const context = await tool.browser.newContext({ viewport: { width: size.width, height: size.height } });
  const findings: AxeFinding[] = [];
  try {
    const demo = await context.newPage();
    await demo.goto(`${tool.base}/demo?lang=${lang}`);
    const [picker] = await Promise.all([
      context.waitForEvent('page'),
      demo.getByTestId('select-content-window').click(),
    ]);
    await picker.locator(`#m-${DEMO_MODULE}`).waitFor({ timeout: 15_000 });
    const label = `instructor ${lang} ${size.width}px`;
    findings.push(...(await seriousViolations(picker, `${label} Deep Linking picker`)));
    await saveScreenshot(picker, `instructor-${lang}-${size.width}-deep-linking-picker`);
    await picker.locator(`#m-${DEMO_MODULE}`).check();
    await picker.getByTestId('dl-add').click();
    await picker.getByTestId('demo-return-message').waitFor();
    findings.push(...(await seriousViolations(picker, `${label} /demo/deep-link-return (placed)`)));
    await saveScreenshot(picker, `demo-return-${lang}-${size.width}`);
    // A refused answer: the same page with its reason.
    await picker.goto(`${tool.base}/demo?lang=${lang}`);
    // (A string: the test's types have no DOM.)
    await picker.evaluate(
      `(() => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/demo/deep-link-return';
        form.innerHTML = '<input type="hidden" name="JWT" value="not-a-jwt">';
        document.body.append(form);
        form.submit();
      })()`,
    );
    await picker.getByTestId('demo-return-refused').waitFor();
    findings.push(...(await seriousViolations(picker, `${label} /demo/deep-link-return (refused)`)));
    await saveScreenshot(picker, `demo-return-refused-${lang}-${size.width}`);
  } finally {
    await context.close();
  }
  return findings;
}

describe('accessibility gate: the demo LMS\'s "Select content"', () => {
  for (const size of WIDTHS) {
    it(`when the instructor selects content in the demo LMS on a ${size.name} (${size.width} px) in Thai and English, then the picker and the demo's answer pages pass axe`, async () => {
      const findings: AxeFinding[] = [];
      for (const lang of LOCALES) findings.push(...(await checkSelectContent(lang, size)));
      expect(formatFindings(findings)).toBe('');
    }, 120_000);
  }
});

describe('accessibility gate: axe-core finds no serious or critical violation', () => {
  for (const role of ['learner', 'instructor', 'admin'] as const) {
    for (const size of WIDTHS) {
      it(`when the ${role} visits every page on a ${size.name} (${size.width} px) in Thai and English, then axe finds nothing serious`, async () => {
        // One context per role and width: one launch (in Thai), then every page in each language.
        const context = await tool.browser.newContext({
          viewport: { width: size.width, height: size.height },
        });
        const findings: AxeFinding[] = [];
        try {
          const page = await launchInWindow(context, tool.base, role, 'th');
          const home = page.url();
          for (const lang of LOCALES) {
            findings.push(...(await crawl(page, role, lang, size.width, home)));
            if (role === 'learner') {
              findings.push(...(await checkCertificatePage(page, lang, size.width)));
              findings.push(...(await checkDemoPage(page, lang, size.width)));
            }
          }
        } finally {
          await context.close();
        }
        expect(formatFindings(findings)).toBe('');
        // #17's budget on every page a learner with a year of records reaches: at most 2,000 px on a desktop.
        if (role === 'learner' && size.width === 1366)
          expect(
            visits
              // The tool's pages (the demo LMS's own page, which lists what was placed, is not the tool's).
              .filter(
                (v) => v.role === role && v.width === size.width && v.page !== '/demo' && v.height > 2000,
              )
              .map((v) => `${v.lang} ${v.page}: ${v.height} px`),
          ).toEqual([]);
      }, 240_000);
    }
  }
});
