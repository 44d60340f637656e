import { t, type Locale } from '../../i18n/i18n';
import type { LearningCategory } from '../../domain/catalogue/learning-module';
import type { Framework } from '../../domain/framework/framework';
import type { ToolRole } from '../../lti/roles';
import type { LearnerHome } from '../../use-cases/get-learner-home';
import type { InstructorHome } from '../../use-cases/get-instructor-home';
import type { getAdminHome } from '../../use-cases/get-admin-home';
import { isolated } from '../bidi';
import { modulePath } from '../routes/module-player.routes';
import {
  barChart,
  categorySeries,
  formatNumber,
  formatValue,
  type BarChartView,
} from './bar-chart.view-model';
import { missingItems } from './eligibility.view-model';
import { organisationCharts } from './organisation-charts.view-model';

/**
 * The home page of each role (views/pages/home.hbs): what to do now, with live figures and a link for each. The
 * learner's part, the course's part (instructors and administrators in a course), the teaching part (staff
 * anywhere) and the organisation's part (administrators) are built apart and shown as the role has them.
 */
export interface HomePage {
  title: string;
  /** The person's name for "Hello, Malee"; absent when the LMS kept it back (then "Hello", and a line saying so). */
  name?: string;
  /** The launch, in a quiet line at the foot of the page. */
  about: { role: string; course?: string; link?: string; platform?: string };
  learner?: LearnerHomeView;
  course?: CourseHomeView;
  teaching?: TeachingHomeView;
  organisation?: OrganisationHomeView;
  /** Follow-ups waiting for the reader (their own, and their learners' as a supervisor): a small count and a link. */
  followUps?: { count: string; href: string };
}

/** A link to what fixes or shows something: a path for {{ltiUrl}}, and a fragment added after the ltik. */
export interface HomeLink {
  href: string;
  hash?: string;
}

export interface LearnerHomeView {
  /** No entry yet: the first steps instead of empty charts. */
  firstSteps?: Array<{ text: string; link: HomeLink; testid: string }>;
  /** The learner has not chosen a target group (no targets to show hours against). */
  needsTarget: boolean;
  next?: {
    name: string;
    missing: Array<{ text: string; link?: HomeLink }>;
  };
  /** Every assessment met: their names. */
  allMet?: string;
  /** No assessment in force in the learner's framework. */
  noAssessments: boolean;
  continueModule?: { title: string; href: string; progress: string };
  browseHref: string;
  pending?: string;
  hours?: BarChartView;
  mix?: BarChartView;
  plan: { href: string; text: string; status?: string };
}

export interface HomeFigure {
  /** A number to read at a glance, or none for a sentence alone (a roster the LMS did not offer). */
  count?: string;
  text: string;
  link?: HomeLink;
  linkText?: string;
  testid: string;
  /** The link's own data-testid, where tests and the keyboard walk find it. */
  linkTestid?: string;
  /** Something waits for the reader (a count above zero of what needs action). */
  attention: boolean;
}

export interface CourseHomeView {
  /** No learner has launched and the roster (if any) lists none. */
  empty: boolean;
  figures: HomeFigure[];
}

export interface TeachingHomeView {
  /** Opened outside a course: which pages need one. */
  outsideCourse: boolean;
  uncovered: HomeFigure;
  links: Array<{ href: string; text: string; testid: string }>;
}

export interface OrganisationHomeView {
  year: number;
  numbers: Array<{ value: string; label: string; testid: string }>;
  eligibility: Array<{ name: string; count: string }>;
  chart: BarChartView;
  reportHref: string;
}

const CATEGORIES: readonly LearningCategory[] = [70, 20, 10];
const roundTo2 = (n: number) => Math.round(n * 100) / 100;

/** The learner's part: hours against targets, the mix, the nearest assessment, the module to continue, the plan. */
export function learnerHomeView(l: Locale, f: Framework, home: LearnerHome): LearnerHomeView {
  const p = home.progress;
  const needsTarget = !home.targetChosen;
  const target: HomeLink = { href: '/app/progress', hash: 'target-heading' };
  const nearest = home.nearest;
  const met = p.eligibility.filter((r) => r.verdict.eligible);
  const plan = p.plan;
  const view: LearnerHomeView = {
    needsTarget,
    noAssessments: p.eligibility.length === 0,
    browseHref: '/app/modules',
    plan: {
      href: `/app/plan${plan ? `?fy=${plan.year}` : ''}`,
      text: plan?.status
        ? t(l, 'home.plan.status', { year: plan.year, status: t(l, `plan.status.${plan.status}`) })
        : t(l, 'home.plan.none', { year: plan?.year ?? '' }),
      status: plan?.status,
    },
  };
  if (nearest && !nearest.verdict.eligible)
    view.next = {
      name: nearest.assessment.name[l],
      missing: missingItems(l, f, nearest.verdict, p.modules, { kind: 'learner' }).map((m) => ({
        text: m.text,
        link: m.href ? { href: m.href } : m.anchor ? { ...target, hash: m.anchor } : undefined,
      })),
    };
  else if (met.length > 0) view.allMet = met.map((r) => isolated(r.assessment.name[l])).join(', ');
  if (home.unfinished) {
    const u = home.unfinished;
    view.continueModule = {
      title: u.title[l],
      href: modulePath(u.slug),
      progress: t(l, 'home.continue.pages', { viewed: u.pagesViewed, pages: u.pageCount }),
    };
  }
  if (!home.hasRecord) {
    view.firstSteps = [
      ...(needsTarget ? [{ text: t(l, 'home.first.target'), link: target, testid: 'first-target' }] : []),
      { text: t(l, 'home.first.module'), link: { href: '/app/modules' }, testid: 'first-module' },
      { text: t(l, 'home.first.log'), link: { href: '/app/record/new' }, testid: 'first-log' },
      {
        text: t(l, 'home.first.selfAssessment'),
        link: { href: '/app/self-assessment' },
        testid: 'first-self',
      },
    ];
    return view;
  }
  if (p.pendingCount > 0) view.pending = t(l, 'home.pending', { count: p.pendingCount });
  const skillName = new Map(f.skillSets.map((s) => [s.code, s.name[l]]));
  // Only the skill sets the learner is asked for or has hours in: a compact chart, not the framework's list.
  const shown = p.skillSets.filter((s) => (s.target ?? 0) > 0 || s.credited > 0);
  view.hours = barChart(l, {
    id: 'home-hours',
    title: t(l, 'home.hours.title'),
    unit: 'hours',
    series: [
      { name: t(l, 'home.hours.done'), tone: 'good' },
      { name: t(l, 'home.hours.toGo'), tone: 'none' },
    ],
    rows: shown.map((s) => ({
      label: skillName.get(s.code) ?? s.code,
      // Hours past the target still show: the bar is what was done, then what is left of the target.
      values: [s.credited, s.target === undefined ? 0 : Math.max(0, roundTo2(s.target - s.credited))],
    })),
    // No table of its own: the page stays short, and the chart's <desc> says every number in words (the progress
    // page has the table).
  });
  view.mix = barChart(l, {
    id: 'home-mix',
    title: t(l, 'home.mix.title'),
    unit: 'percent',
    kind: 'share',
    series: categorySeries(l),
    rows: [
      { label: t(l, 'progress.mix.actual'), values: CATEGORIES.map((c) => p.mix[c]), note: p.totals.hours },
      ...(p.targetMix
        ? [{ label: t(l, 'progress.mix.target'), values: CATEGORIES.map((c) => p.targetMix![c]) }]
        : []),
    ],
  });
  return view;
}

/** The course's part: what waits for the instructor in this course, each a count with its page. */
export function courseHomeView(l: Locale, home: InstructorHome): CourseHomeView | undefined {
  const c = home.course;
  if (!c) return undefined;
  const n = (x: number) => formatNumber(l, x);
  const figures: HomeFigure[] = [
    {
      count: n(c.approvalsWaiting),
      text: t(l, 'home.course.approvals'),
      link: { href: '/app/approvals' },
      linkText: t(l, 'home.course.approvals.link'),
      testid: 'home-approvals',
      linkTestid: 'approvals-link',
      attention: c.approvalsWaiting > 0,
    },
    c.neverLaunched !== undefined
      ? {
          count: n(c.neverLaunched),
          text: t(l, 'home.course.neverLaunched'),
          link: { href: '/app/class?status=never-launched' },
          linkText: t(l, 'home.course.neverLaunched.link'),
          testid: 'home-never-launched',
          attention: c.neverLaunched > 0,
        }
      : {
          text: t(l, c.roster === 'failed' ? 'home.course.roster.failed' : 'home.course.roster.notOffered'),
          testid: 'home-never-launched',
          attention: false,
        },
    {
      count: n(c.closeToEligible),
      text: t(l, 'home.course.close'),
      link: { href: '/app/class?status=not-yet' },
      linkText: t(l, 'home.course.close.link'),
      testid: 'home-close',
      attention: c.closeToEligible > 0,
    },
    {
      count: n(c.failingGrades),
      text: t(l, 'home.course.failingGrades'),
      link: { href: '/app/grades' },
      linkText: t(l, 'home.course.failingGrades.link'),
      testid: 'home-failing-grades',
      attention: c.failingGrades > 0,
    },
  ];
  return { empty: c.learners === 0, figures };
}

/** Staff anywhere: the skill sets no published module covers, and the pages that need no course. */
export function teachingHomeView(
  l: Locale,
  f: Framework,
  home: InstructorHome,
  inCourse: boolean,
): TeachingHomeView {
  const names = home.uncoveredSkillSets.map(
    (code) => f.skillSets.find((s) => s.code === code)?.name[l] ?? code,
  );
  return {
    outsideCourse: !inCourse,
    uncovered: {
      count: formatNumber(l, names.length),
      text:
        names.length > 0
          ? t(l, 'home.uncovered', { names: names.map(isolated).join(', ') })
          : t(l, 'home.uncovered.none'),
      link: { href: '/app/catalogue/matrix' },
      linkText: t(l, 'home.uncovered.link'),
      testid: 'home-uncovered',
      attention: names.length > 0,
    },
    links: [
      { href: '/app/catalogue', text: t(l, 'nav.catalogue'), testid: 'catalogue-link' },
      { href: '/app/catalogue/matrix', text: t(l, 'nav.matrix'), testid: 'matrix-link' },
      { href: '/app/assessments', text: t(l, 'nav.rules'), testid: 'rules-link' },
    ],
  };
}

/** The administrator's part: the current fiscal year in four numbers and the eligibility chart. */
export function organisationHomeView(
  l: Locale,
  home: Awaited<ReturnType<typeof getAdminHome>>,
): OrganisationHomeView {
  const { f, report, assessments } = home;
  const total = report.total;
  // A fiscal year is named by the Buddhist-era year it ends in, as the organisation report names it.
  const year = home.fiscalYear;
  const assessmentName = (code: string) => assessments.find((a) => a.code === code)?.name[l] ?? code;
  const charts = organisationCharts(l, report, year, {
    group: (code) => f.targetGroups.find((g) => g.code === code)?.name[l] ?? code,
    skillSet: (code) => f.skillSets.find((s) => s.code === code)?.name[l] ?? code,
    assessment: assessmentName,
  });
  const eligibleTotal = report.eligibility.reduce((sum, e) => sum + e.byEnd, 0);
  return {
    year,
    numbers: [
      {
        value: formatNumber(l, total.active),
        label: t(l, 'home.org.active', { headcount: formatNumber(l, total.headcount) }),
        testid: 'home-org-active',
      },
      {
        value: formatValue(l, 'hours', total.hours),
        label: t(l, 'home.org.hours'),
        testid: 'home-org-hours',
      },
      {
        value: formatNumber(l, eligibleTotal),
        label: t(l, 'home.org.eligible'),
        testid: 'home-org-eligible',
      },
      {
        value: total.hours > 0 ? CATEGORIES.map((c) => total.mix[c]).join(':') : '–',
        label: t(l, 'home.org.mix'),
        testid: 'home-org-mix',
      },
    ],
    eligibility: report.eligibility.map((e) => ({
      name: assessmentName(e.assessment),
      count: formatNumber(l, e.byEnd),
    })),
    chart: charts.eligibility,
    reportHref: '/app/organisation',
  };
}

/** The role's label and the launch's course, link and platform, for the page's foot. */
export function aboutLaunch(
  l: Locale,
  launch: {
    role: ToolRole;
    context?: { title?: string; label?: string };
    resourceLink?: { title?: string };
    platformName?: string;
  },
): HomePage['about'] {
  return {
    role: t(l, `role.${launch.role}`),
    course: launch.context?.title ?? launch.context?.label,
    link: launch.resourceLink?.title,
    platform: launch.platformName,
  };
}
