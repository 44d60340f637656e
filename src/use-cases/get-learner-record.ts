import { isLectureHeavy } from '../domain/agency/lecture-share';
import type { PersonId, ContextId } from '../shared/ids';
import { correctionBlock, type EffectiveEntry } from '../domain/learning-record/ledger';
import { mayReview, type PersonRef } from '../domain/review/separation-of-duties';
import type { UseCaseDeps } from './deps';
import type { CourseLearner } from './ports';
import type { EvidenceFileSummary } from './ports/evidence';
import { withEvidence } from './evidence-files';
import { getLearnerGains, type LearnerGain } from './get-pre-post-gains';
import { learningMix } from '../domain/learning-record/ledger';
import { roundHours } from '../domain/learning-record/hours';
import { pageOf } from '../domain/catalogue/module-filter';
import type { LearningCategory } from '../domain/catalogue/learning-module';
import { assessmentsInForce } from './assessments-in-force';
import { evaluateLearner, type EligibilityResult } from './evaluate-learner';
import type { OfficialResultView } from './ports/official-results';

/**
 * Entries a page: with the summary above them the page stays within 2,000 px on a desktop for a learner with a
 * year of records (issue #17), like the progress page's history.
 */
export const LEARNER_RECORD_PAGE_SIZE = 20;

/** What an instructor reads first about a learner: the same figures the class page lists, from the whole record. */
export interface LearnerRecordSummary {
  /** Hours that count (approved, not reversed), over the whole record. */
  hours: number;
  byCategory: Record<LearningCategory, number>;
  mix: Record<LearningCategory, number>;
  /** Entries in this course waiting for a decision. */
  pendingCount: number;
  /** A verdict per assessment in force in the course (none when the framework ships no assessments). */
  eligibility: EligibilityResult[];
}

/**
 * A learner's summary (hours, mix, eligibility, gains) and one page of their entries recorded in the instructor's
 * course, newest first, each saying whether the instructor may correct it: never on their own record (someone
 * else corrects it), never a rejected or reversed entry (final). Undefined when the person is not a learner of
 * that course.
 */
export async function getLearnerRecord(
  deps: Pick<
    UseCaseDeps,
    | 'ledger'
    | 'evidence'
    | 'bank'
    | 'officialResults'
    | 'development'
    | 'frameworks'
    | 'rules'
    | 'shippedAssessments'
    | 'counting'
    | 'today'
  >,
  input: {
    viewer: PersonRef & { contextId: ContextId };
    personId: PersonId;
    /** The page asked for (1-based; past the end, the last). */
    page?: number;
    /** Show the page holding this entry instead (a correction that came back with problems). */
    entryId?: number;
  },
): Promise<
  | {
      learner: CourseLearner;
      own: boolean;
      summary: LearnerRecordSummary;
      /** How many entries the course holds for them, and the page shown (1-based) of `pages`. */
      count: number;
      page: number;
      pages: number;
      /** One page of them, newest first. lectureHeavy: training over 60 % lecture (isLectureHeavy), flagged on the page. */
      entries: Array<
        EffectiveEntry & {
          canCorrect: boolean;
          lectureHeavy: boolean;
          evidence: EvidenceFileSummary[];
          evidenceRoom: boolean;
        }
      >;
      /** Their pre-tests, first post-tests and gains, every module with a pre-test. */
      gains: LearnerGain[];
      /** Official results imported (DG-SA, TPQI), newest first, and when they last took the tool's self-assessment. */
      official: OfficialResultView[];
      lastSelfAssessment?: string;
    }
  | undefined
> {
  const { viewer, personId } = input;
  const learner = await deps.ledger.courseLearner({
    tenantId: viewer.tenantId,
    contextId: viewer.contextId,
    personId: personId,
  });
  if (!learner) return undefined;
  const scope = { tenantId: viewer.tenantId, contextId: viewer.contextId };
  const [entries, gains, whole, set, official, taken] = await Promise.all([
    deps.ledger.courseEntriesOf({ ...scope, personId }),
    getLearnerGains(deps, viewer.tenantId, personId),
    deps.development.eligibilityInputOf(viewer.tenantId, personId),
    deps.frameworks.forTenant(viewer.tenantId).then((f) => assessmentsInForce(deps, f.framework.id, scope)),
    deps.officialResults.resultsOf(viewer.tenantId, personId),
    deps.development.selfAssessmentsOf(viewer.tenantId, personId),
  ]);
  const eligibility = set
    ? await evaluateLearner(
        deps,
        { tenantId: viewer.tenantId, personId, targetGroup: learner.targetGroup },
        set.assessments,
        deps.today(),
        whole,
        set.counting,
      )
    : [];
  const byCategory: Record<LearningCategory, number> = { 70: 0, 20: 0, 10: 0 };
  for (const e of whole.counted) byCategory[e.category] += e.hours;
  for (const c of [70, 20, 10] as const) byCategory[c] = roundHours(byCategory[c]);
  const asked = input.entryId === undefined ? -1 : entries.findIndex((e) => e.id === input.entryId);
  const shown = pageOf(
    entries,
    asked >= 0 ? Math.floor(asked / LEARNER_RECORD_PAGE_SIZE) + 1 : (input.page ?? 1),
    LEARNER_RECORD_PAGE_SIZE,
  );
  const own = !mayReview(viewer, { tenantId: viewer.tenantId, personId });
  return {
    learner,
    own,
    gains,
    summary: {
      hours: roundHours(byCategory[70] + byCategory[20] + byCategory[10]),
      byCategory,
      mix: learningMix(byCategory),
      pendingCount: entries.filter((e) => e.status === 'pending' && !e.reversed).length,
      eligibility,
    },
    official,
    lastSelfAssessment: taken[0]?.takenOn,
    count: shown.count,
    page: shown.page,
    pages: shown.pages,
    entries: (await withEvidence(deps, viewer.tenantId, shown.items)).map((e) => ({
      ...e,
      canCorrect: !own && correctionBlock(e) === undefined,
      lectureHeavy: isLectureHeavy(e.lectureShare),
    })),
  };
}
