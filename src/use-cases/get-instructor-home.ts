import type { ContextId } from '../shared/ids';
import { coverage, uncovered } from '../domain/catalogue/coverage';
import { isCloseToEligible } from '../domain/assessment/distance';
import type { PersonRef } from '../domain/review/separation-of-duties';
import type { UseCaseDeps } from './deps';
import { getApprovalQueue } from './get-approval-queue';
import { getClassView, type ClassViewDeps } from './get-class-view';
import { getCourseGrades } from './get-course-grades';
import { openCatalogue, type OpenCatalogueDeps } from './open-catalogue';
import type { StoredFramework } from './ports';

/** Whether the course's roster came from the LMS: read, not offered by the launch, or offered and unreadable. */
export type RosterState = 'read' | 'not-offered' | 'failed';

export interface CourseFigures {
  /** Logged activities waiting for this instructor's decision (their own are someone else's to decide). */
  approvalsWaiting: number;
  /** Learners of the course: those who launched, and the LMS's roster members who never did. */
  learners: number;
  roster: RosterState;
  /** Roster members with the learner role who never opened the tool (only when the roster was read). */
  neverLaunched?: number;
  /** Learners who launched and are close to an assessment (see isCloseToEligible). */
  closeToEligible: number;
  /** Grades the LMS keeps refusing or that could not be sent yet after retries. */
  failingGrades: number;
}

export interface InstructorHome {
  framework: StoredFramework;
  /** In a course only. */
  course?: CourseFigures;
  /** Skill sets of the framework that no published module credits, in the framework's order. */
  uncoveredSkillSets: string[];
}

export type InstructorHomeDeps = ClassViewDeps &
  OpenCatalogueDeps &
  Pick<UseCaseDeps, 'ledger' | 'frameworks' | 'outbox'>;

/**
 * An instructor's home ("what now?"): in a course, what waits for them there (approvals, learners who never
 * came, learners nearly eligible, grades failing), and everywhere the framework's skill sets the catalogue leaves
 * uncovered. Composes the approval queue, the class view, the course's grades and the catalogue, read at once.
 */
export async function getInstructorHome(
  deps: InstructorHomeDeps,
  input: {
    viewer: PersonRef & { contextId?: ContextId };
    membership?: { issuer: string; clientId: string; membershipsUrl: string };
  },
): Promise<InstructorHome> {
  const { viewer } = input;
  const contextId = viewer.contextId;
  const figures = contextId === undefined ? undefined : courseFigures(deps, { ...viewer, contextId }, input);
  figures?.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  const { framework, modules } = await openCatalogue(deps, viewer.tenantId);
  const skillSets = framework.framework.skillSets.map((s) => s.code);
  return {
    framework,
    course: await figures,
    uncoveredSkillSets: uncovered(coverage(modules, skillSets), skillSets),
  };
}

async function courseFigures(
  deps: InstructorHomeDeps,
  viewer: PersonRef & { contextId: ContextId },
  input: { membership?: { issuer: string; clientId: string; membershipsUrl: string } },
): Promise<CourseFigures> {
  const course = { tenantId: viewer.tenantId, contextId: viewer.contextId };
  const [queue, view, grades] = await Promise.all([
    getApprovalQueue(deps, viewer),
    getClassView(deps, { course, membership: input.membership, filter: {} }),
    getCourseGrades(deps, course),
  ]);
  const roster: RosterState = view.hasRoster ? 'read' : view.rosterFailed ? 'failed' : 'not-offered';
  return {
    approvalsWaiting: queue.items.filter((i) => !i.own).length,
    learners: view.rows.length,
    roster,
    neverLaunched: roster === 'read' ? view.rows.filter((r) => !r.launched).length : undefined,
    closeToEligible: view.rows.filter(
      (r) => r.launched && r.verdicts.some((v) => isCloseToEligible(v.verdict)),
    ).length,
    failingGrades: grades.counts.find((c) => c.status === 'failing')?.count ?? 0,
  };
}
