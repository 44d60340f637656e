import { isLectureHeavy } from '../domain/agency/lecture-share';
import type { PersonId, ContextId } from '../shared/ids';
import { correctionBlock, type EffectiveEntry } from '../domain/learning-record/ledger';
import { mayReview, type PersonRef } from '../domain/review/separation-of-duties';
import type { UseCaseDeps } from './deps';
import type { CourseLearner } from './ports';
import type { EvidenceFileSummary } from './ports/evidence';
import { withEvidence } from './evidence-files';
import { getLearnerGains, type LearnerGain } from './get-pre-post-gains';
import type { OfficialResultView } from './ports/official-results';

/**
 * A learner's entries recorded in the instructor's course, each saying whether the instructor may correct it:
 * never on their own record (someone else corrects it), never a rejected or reversed entry (final). Undefined when
 * the person is not a learner of that course.
 */
export async function getLearnerRecord(
  deps: Pick<UseCaseDeps, 'ledger' | 'evidence' | 'bank' | 'officialResults' | 'development'>,
  input: { viewer: PersonRef & { contextId: ContextId }; personId: PersonId },
): Promise<
  | {
      learner: CourseLearner;
      own: boolean;
      /** lectureHeavy: training over 60 % lecture (isLectureHeavy), flagged on the page. */
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
  const [entries, gains, official, taken] = await Promise.all([
    deps.ledger.courseEntriesOf({
      tenantId: viewer.tenantId,
      contextId: viewer.contextId,
      personId: personId,
    }),
    getLearnerGains(deps, viewer.tenantId, personId),
    deps.officialResults.resultsOf(viewer.tenantId, personId),
    deps.development.selfAssessmentsOf(viewer.tenantId, personId),
  ]);
  const own = !mayReview(viewer, { tenantId: viewer.tenantId, personId });
  return {
    learner,
    own,
    gains,
    official,
    lastSelfAssessment: taken[0]?.takenOn,
    entries: (await withEvidence(deps, viewer.tenantId, entries)).map((e) => ({
      ...e,
      canCorrect: !own && correctionBlock(e) === undefined,
      lectureHeavy: isLectureHeavy(e.lectureShare),
    })),
  };
}
