import { t, type Locale, type TranslationKey } from '../i18n/i18n';
import type { ToolRole } from '../lti/roles';
import type { IconName } from './icons';
import type { PageName } from './view-models/page-models';

/**
 * The app frame's navigation (views/layouts/main.hbs): which places each role reaches from every page, which one
 * the page belongs to (marked aria-current), and the breadcrumbs of deeper pages. One table; renderPage reads it.
 */

/** The places in the navigation. */
export type NavKey =
  | 'home'
  | 'modules'
  | 'progress'
  | 'plan'
  | 'selfAssessment'
  | 'learners'
  | 'targets'
  | 'approvals'
  | 'grades'
  | 'catalogue'
  | 'matrix'
  | 'rules'
  | 'organisation'
  | 'framework';

/** Groups, shown as rows on a desktop and as headed lists in the phone menu. */
export type NavGroupKey = 'mine' | 'teaching' | 'organisation';

interface NavEntry {
  /** A path of this tool; the layout adds the session's ltik ({{ltiUrl}}). */
  href: string;
  label: TranslationKey;
  icon: IconName;
  group: NavGroupKey;
  roles: readonly ToolRole[];
  /** A course's page: shown only in a launch from a course (the page refuses others). */
  needsCourse?: true;
}

const EVERYONE = ['learner', 'instructor', 'admin'] as const;
const STAFF = ['instructor', 'admin'] as const;

/** Home is each role's home page, where a launch without a placed module lands. The order here is the order on screen. */
export const NAV: Readonly<Record<NavKey, NavEntry>> = {
  home: { href: '/app/home', label: 'nav.home', icon: 'house', group: 'mine', roles: EVERYONE },
  // The learners' module library; instructors and administrators learn too.
  modules: { href: '/app/modules', label: 'nav.modules', icon: 'book-open', group: 'mine', roles: EVERYONE },
  progress: {
    href: '/app/progress',
    label: 'nav.myProgress',
    icon: 'chart-line',
    group: 'mine',
    roles: EVERYONE,
  },
  plan: { href: '/app/plan', label: 'nav.myPlan', icon: 'clipboard-list', group: 'mine', roles: ['learner'] },
  selfAssessment: {
    href: '/app/self-assessment',
    label: 'nav.selfAssessment',
    icon: 'list-checks',
    group: 'mine',
    roles: EVERYONE,
  },
  learners: {
    href: '/app/class',
    label: 'nav.learners',
    icon: 'users',
    group: 'teaching',
    roles: STAFF,
    needsCourse: true,
  },
  targets: {
    href: '/app/learners',
    label: 'nav.targets',
    icon: 'target',
    group: 'teaching',
    roles: STAFF,
    needsCourse: true,
  },
  approvals: {
    href: '/app/approvals',
    label: 'nav.approvals',
    icon: 'check-check',
    group: 'teaching',
    roles: STAFF,
    needsCourse: true,
  },
  grades: {
    href: '/app/grades',
    label: 'nav.grades',
    icon: 'graduation-cap',
    group: 'teaching',
    roles: STAFF,
    needsCourse: true,
  },
  catalogue: {
    href: '/app/catalogue',
    label: 'nav.catalogue',
    icon: 'library',
    group: 'teaching',
    roles: STAFF,
  },
  matrix: {
    href: '/app/catalogue/matrix',
    label: 'nav.matrix',
    icon: 'grid-3x3',
    group: 'teaching',
    roles: STAFF,
  },
  rules: { href: '/app/assessments', label: 'nav.rules', icon: 'scale', group: 'teaching', roles: STAFF },
  organisation: {
    href: '/app/organisation',
    label: 'nav.organisation',
    icon: 'building-2',
    group: 'organisation',
    roles: ['admin'],
  },
  framework: {
    href: '/app/framework',
    label: 'nav.framework',
    icon: 'network',
    group: 'organisation',
    roles: ['admin'],
  },
};

const GROUP_LABEL: Record<NavGroupKey, TranslationKey> = {
  mine: 'nav.group.mine',
  teaching: 'nav.group.teaching',
  organisation: 'nav.group.organisation',
};

/**
 * Where each page sits: the place it is (`at`, marked aria-current="page"), or the places above it (`under`,
 * the nearest last: its section is marked aria-current="true" and each is a breadcrumb), or none (`false`: a page
 * with no navigation, such as the Deep Linking picker inside the LMS's "Select content" dialog, whose links would
 * lead out of the choice). A place the role does not reach is left out of the breadcrumbs.
 */
export type Place = { at: NavKey } | { under: readonly NavKey[] } | false;

export const PAGE_PLACE: Readonly<Record<PageName, Place>> = {
  home: { at: 'home' },
  progress: { at: 'progress' },
  'record-history': { under: ['progress'] },
  'record-new': { under: ['progress'] },
  plan: { at: 'plan' },
  'self-assessment': { at: 'selfAssessment' },
  'self-assessment-result': { under: ['selfAssessment'] },
  class: { at: 'learners' },
  learners: { at: 'targets' },
  'learner-record': { under: ['learners'] },
  'learner-plan': { under: ['learners'] },
  approvals: { at: 'approvals' },
  grades: { at: 'grades' },
  catalogue: { at: 'catalogue' },
  authoring: { under: ['catalogue'] },
  'question-bank': { under: ['catalogue'] },
  'bank-question': { under: ['catalogue'] },
  'module-quiz-draw': { under: ['catalogue'] },
  matrix: { at: 'matrix' },
  'module-library': { at: 'modules' },
  module: { under: ['modules'] },
  'module-page': { under: ['modules'] },
  'module-quiz': { under: ['modules'] },
  rules: { at: 'rules' },
  'rule-edit': { under: ['rules'] },
  organisation: { at: 'organisation' },
  'content-managers': { under: ['organisation'] },
  audit: { under: ['organisation'] },
  'report-snapshots': { under: ['organisation'] },
  'report-snapshot': { under: ['organisation'] },
  'report-compare': { under: ['organisation'] },
  'need-analysis': { under: ['organisation'] },
  'organisation-stage': { under: ['organisation'] },
  'target-import': { under: ['organisation'] },
  'official-import': { under: ['organisation'] },
  certificates: { under: ['organisation'] },
  'organisation-gains': { under: ['organisation'] },
  'hand-ins': { under: ['organisation'] },
  'organisation-follow-ups': { under: ['organisation'] },
  'follow-ups': { under: [] },
  'follow-up': { under: [] },
  framework: { at: 'framework' },
  'framework-choice': { under: ['framework'] },
  notifications: { under: [] },
  'deep-linking': false,
  'badge-verify': false,
  'certificate-verify': false,
  demo: false,
  'demo-return': false,
  // Inside a session: below the section its address is in (errorPlace); without one, no navigation at all.
  error: { under: [] },
  'deep-linking-return': false,
  registration: false,
  'registration-done': false,
};

const NAV_BY_DEPTH = (Object.keys(NAV) as NavKey[]).sort((a, b) => NAV[b].href.length - NAV[a].href.length);

/**
 * Where an error page answered at `path` sits: below the deepest place whose address contains it (an unknown
 * module below Modules, a refused report below Organisation); a place the role does not reach is left out, as
 * for any page.
 */
export function errorPlace(path: string): Place {
  const key = NAV_BY_DEPTH.find((k) => path === NAV[k].href || path.startsWith(`${NAV[k].href}/`));
  return { under: key && key !== 'home' ? [key] : [] };
}

export interface NavLink {
  href: string;
  label: string;
  icon: IconName;
  /** aria-current: 'page' on the page's own place, 'true' on the section of a deeper page. */
  current?: 'page' | 'true';
}

export interface NavGroup {
  key: NavGroupKey;
  label: string;
  links: NavLink[];
}

/** A breadcrumb: the last one (the page itself) has no href. */
export interface Crumb {
  label: string;
  href?: string;
}

export interface FrameNavigation {
  homeHref: string;
  nav?: NavGroup[];
  breadcrumbs?: Crumb[];
}

/** The app bar's link to the person's notifications: its accessible label says how many are unread. */
export interface NotificationsLink {
  href: string;
  /** "3 unread notifications", or "Notifications" when none is unread. */
  label: string;
  /** The badge's number (none when nothing is unread; "99+" past 99). */
  badge?: string;
  current: boolean;
}

export const NOTIFICATIONS_HREF = '/app/notifications';

/** The record history: a page of its own below progress (the 2,000 px budget of issue #17). */
export const HISTORY_HREF = '/app/progress/history';

/** The notifications link of a session page, `unread` read for it (notification-badge.ts). */
export function notificationsLink(locale: Locale, page: PageName, unread: number): NotificationsLink {
  return {
    href: NOTIFICATIONS_HREF,
    label:
      unread > 0
        ? t(locale, 'notifications.unread', { count: String(unread) })
        : t(locale, 'notifications.title'),
    badge: unread > 0 ? (unread > 99 ? '99+' : String(unread)) : undefined,
    current: page === 'notifications',
  };
}

/** Who is looking: the role of the launch, and whether it came from a course. */
export interface Viewer {
  role: ToolRole;
  inCourse: boolean;
}

const reaches = (viewer: Viewer, key: NavKey): boolean => {
  const entry = NAV[key];
  return entry.roles.includes(viewer.role) && (!entry.needsCourse || viewer.inCourse);
};

const NAV_KEYS = Object.keys(NAV) as NavKey[];

/**
 * The navigation of `page` for `viewer`, with `title` as the last breadcrumb and `trail` (places between the
 * section and the page, such as the module of a module's page) before it; `place` where the page's is decided by
 * its address (an error page).
 */
export function frameNavigation(
  locale: Locale,
  viewer: Viewer | undefined,
  page: PageName,
  title: string,
  trail: readonly Crumb[] = [],
  place: Place = PAGE_PLACE[page],
): FrameNavigation {
  if (!viewer || place === false) return { homeHref: NAV.home.href };
  const above = 'at' in place ? [] : place.under.filter((key) => key !== 'home' && reaches(viewer, key));
  const section = 'at' in place ? place.at : above[above.length - 1];
  const groups = new Map<NavGroupKey, NavGroup>();
  for (const key of NAV_KEYS) {
    if (!reaches(viewer, key)) continue;
    const entry = NAV[key];
    let group = groups.get(entry.group);
    if (!group) {
      group = { key: entry.group, label: t(locale, GROUP_LABEL[entry.group]), links: [] };
      groups.set(entry.group, group);
    }
    const current = key !== section ? undefined : 'at' in place ? 'page' : 'true';
    group.links.push({ href: entry.href, label: t(locale, entry.label), icon: entry.icon, current });
  }
  const frame: FrameNavigation = { homeHref: NAV.home.href, nav: [...groups.values()] };
  if ('under' in place) {
    frame.breadcrumbs = [
      { label: t(locale, NAV.home.label), href: NAV.home.href },
      ...above.map((key) => ({ label: t(locale, NAV[key].label), href: NAV[key].href })),
      ...trail,
      { label: title },
    ];
  }
  return frame;
}
