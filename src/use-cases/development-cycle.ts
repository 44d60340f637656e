import type { ContextId, EntryId, FrameworkId, PersonId, TenantId } from '../shared/ids';
import type { FiscalYear } from '../domain/learning-record/fiscal-year';
import { evaluateEligibility, type Assessment, type Verdict } from '../domain/assessment/eligibility';
import type { Framework } from '../domain/framework/framework';
import { skillSetsForGroup, type DevelopmentTargets } from '../domain/learning-record/development-targets';
import { checkDuty, type DutyRefusal, type PersonRef } from '../domain/review/separation-of-duties';
import type {
  DevelopmentStore,
  EligibilityInput,
  Learner,
  LedgerStore,
  ModuleSummary,
  PlanStore,
  SelfAssessmentRecord,
} from './ports';

export interface EligibilityResult {
  assessment: Assessment;
  verdict: Verdict;
  /** When the learner was first found eligible, if ever. */
  firstEligibleAt?: Date;
}

/**
 * Evaluates every assessment of the learner's framework on `today`, and keeps the first time the learner is
 * found eligible for each.
 */
export async function evaluateLearner(
  deps: { development: DevelopmentStore },
  learner: Pick<Learner, 'tenantId' | 'personId' | 'targetGroup'>,
  assessments: readonly Assessment[],
  today: string,
  /** Already read with the learner's record (the progress page reads both at once). */
  prefetched?: EligibilityInput,
): Promise<EligibilityResult[]> {
  const input = prefetched ?? (await deps.development.eligibilityInputOf(learner.tenantId, learner.personId));
  const record = {
    targetGroup: learner.targetGroup,
    entries: input.counted,
    completedModules: input.completedModules,
    selfAssessments: input.selfAssessments,
  };
  const verdicts = assessments.map((assessment) => ({
    assessment,
    verdict: evaluateEligibility(record, assessment, today),
  }));
  // Written only the first time: a learner who stays eligible costs no write per page view.
  const newlyEligible = verdicts
    .filter((v) => v.verdict.eligible && !input.firsts.has(v.assessment.code))
    .map((v) => v.assessment.code);
  const firsts = newlyEligible.length
    ? await deps.development.markEligible(learner, newlyEligible)
    : input.firsts;
  return verdicts.map((v) => ({ ...v, firstEligibleAt: firsts.get(v.assessment.code) }));
}

/**
 * After a write that can make people eligible (a completion, an approval, a correction, a self-assessment): judge
 * them now and keep the first-eligible dates, so that the organisation report counts them without anyone having
 * opened a page. Returns how many new first-eligible dates were kept.
 */
export async function recheckEligibility(
  deps: { development: DevelopmentStore },
  tenantId: TenantId,
  changed: { entryIds?: EntryId[]; personIds?: PersonId[] },
  assessments: readonly Assessment[],
  today: string,
): Promise<number> {
  if (assessments.length === 0) return 0;
  const people = await deps.development.peopleOf(tenantId, changed);
  if (people.length === 0) return 0;
  const inputs = await deps.development.eligibilityInputsOf(
    tenantId,
    people.map((p) => p.personId),
  );
  let kept = 0;
  for (const p of people) {
    const input = inputs.get(p.personId)!;
    const results = await evaluateLearner(deps, { tenantId, ...p }, assessments, today, input);
    kept += results.filter((r) => r.firstEligibleAt && !input.firsts.has(r.assessment.code)).length;
  }
  return kept;
}

/**
 * A supervisor agrees a learner's development plan or sends it back with a comment; never their own plan.
 * `recorded` is false when `version` is no longer the latest (the learner saved meanwhile).
 */
export async function reviewPlan(
  deps: { plans: Pick<PlanStore, 'review'> },
  reviewer: PersonRef,
  review: {
    personId: PersonId;
    fiscalYear: FiscalYear;
    version: number;
    decision: 'agreed' | 'commented';
    comment?: string;
  },
): Promise<{ recorded: boolean } | { refused: DutyRefusal }> {
  const verdict = checkDuty(reviewer, review.decision === 'agreed' ? 'agreePlan' : 'sendBackPlan', [
    { tenantId: reviewer.tenantId, personId: review.personId },
  ]);
  if (!verdict.allowed) return { refused: verdict };
  return {
    recorded: await deps.plans.review({
      ...review,
      tenantId: reviewer.tenantId,
      reviewerId: reviewer.personId,
    }),
  };
}

export interface SelfAssessmentInput {
  targetGroup: string;
  targetStage: string;
  ratings: Record<string, number>;
}

export type SelfAssessmentProblem = {
  field: string;
  code: 'UNKNOWN_GROUP' | 'UNKNOWN_STAGE' | 'RATING_MISSING';
};

/** Checks and keeps a completed self-assessment: a rating for every skill set of the framework. */
export async function takeSelfAssessment(
  deps: { development: DevelopmentStore },
  learner: Learner,
  framework: { id: FrameworkId; framework: Framework },
  input: SelfAssessmentInput,
  today: string,
): Promise<{ id: number } | { problems: SelfAssessmentProblem[] }> {
  const f = framework.framework;
  const problems: SelfAssessmentProblem[] = [];
  if (!f.targetGroups.some((g) => g.code === input.targetGroup))
    problems.push({ field: 'targetGroup', code: 'UNKNOWN_GROUP' });
  if (!f.stages.some((s) => s.code === input.targetStage))
    problems.push({ field: 'targetStage', code: 'UNKNOWN_STAGE' });
  for (const s of f.skillSets) {
    const r = input.ratings[s.code];
    if (r === undefined || !Number.isInteger(r) || r < 0 || r > f.stages.length)
      problems.push({ field: `rating.${s.code}`, code: 'RATING_MISSING' });
  }
  if (problems.length) return { problems };
  const ratings = Object.fromEntries(f.skillSets.map((s) => [s.code, input.ratings[s.code]!]));
  const id = await deps.development.saveSelfAssessment(learner, framework.id, {
    targetGroup: input.targetGroup,
    targetStage: input.targetStage,
    ratings,
    takenOn: today,
  });
  return { id };
}

export interface SkillSetGap {
  skillSet: string;
  rating: number;
  /** The target level (stage number) when the group is developed in this skill set. */
  target?: number;
  gap: number;
  /** Published modules mapped to the skill set, most hours first (at most three), for a gap. */
  recommended: ModuleSummary[];
}

/** Where a self-assessment leaves the learner: the gap per skill set and the modules that close it. */
export function selfAssessmentGaps(
  framework: Framework,
  targets: DevelopmentTargets | undefined,
  sa: SelfAssessmentRecord,
  published: readonly ModuleSummary[],
): SkillSetGap[] {
  const level = framework.stages.findIndex((s) => s.code === sa.targetStage) + 1;
  const developed = new Set(targets ? skillSetsForGroup(targets, framework, sa.targetGroup) : []);
  return framework.skillSets.map((s) => {
    const rating = sa.ratings[s.code] ?? 0;
    const target = developed.has(s.code) ? level : undefined;
    const gap = target === undefined ? 0 : Math.max(0, target - rating);
    const recommended =
      gap > 0
        ? published
            .filter((m) => m.status === 'published' && m.mappings.some((x) => x.skillSet === s.code))
            .map((m) => ({
              m,
              hours: m.mappings.filter((x) => x.skillSet === s.code).reduce((a, x) => a + x.hours, 0),
            }))
            .sort((a, b) => b.hours - a.hours)
            .slice(0, 3)
            .map((x) => x.m)
        : [];
    return { skillSet: s.code, rating, target, gap, recommended };
  });
}

/** A course member as the LMS lists them (NRPS), whether or not they ever opened the tool. */
export interface RosterMember {
  userId: string;
  name?: string;
  email?: string;
  roles: string[];
  status?: string;
}

export interface ClassRow {
  platformUserId: string;
  personId?: PersonId;
  name?: string;
  email?: string;
  /** False for members the LMS lists who never opened the tool. */
  launched: boolean;
  targetGroup?: string;
  targetStage?: string;
  hours: number;
  byCategory: Record<70 | 20 | 10, number>;
  lastSelfAssessment?: string;
  verdicts: Array<{ code: string; verdict: Verdict; firstEligibleAt?: Date }>;
}

const isLearnerRole = (r: string) => /(^|[#/])Learner$/.test(r);

/**
 * The course's learners: the LMS roster (when it can be read) joined with those who launched, each with their
 * hours, mix, last self-assessment and a verdict per assessment. First eligibilities found here are kept too.
 */
export async function classOverview(
  deps: { ledger: LedgerStore; development: DevelopmentStore },
  course: { tenantId: TenantId; contextId: ContextId },
  roster: RosterMember[] | undefined,
  assessments: readonly Assessment[],
  today: string,
): Promise<ClassRow[]> {
  const known = await deps.ledger.courseLearners(course.tenantId, course.contextId);
  const inputs = await deps.development.eligibilityInputsOf(
    course.tenantId,
    known.map((k) => k.personId),
  );
  const bySub = new Map(known.map((k) => [k.platformUserId, k]));
  const members = new Map<string, RosterMember>();
  for (const m of roster ?? [])
    if (m.roles.some(isLearnerRole) && m.status !== 'Deleted') members.set(m.userId, m);
  const subs = [...new Set([...members.keys(), ...bySub.keys()])];
  const rows: ClassRow[] = [];
  for (const sub of subs) {
    const person = bySub.get(sub);
    const member = members.get(sub);
    const input = person ? inputs.get(person.personId) : undefined;
    const byCategory = { 70: 0, 20: 0, 10: 0 } as Record<70 | 20 | 10, number>;
    for (const e of input?.counted ?? []) byCategory[e.category] += e.hours;
    // Those who launched are judged (and their first-eligible dates kept); the others have no record to judge.
    const verdicts = person
      ? (
          await evaluateLearner(
            deps,
            { tenantId: course.tenantId, personId: person.personId, targetGroup: person.targetGroup },
            assessments,
            today,
            input,
          )
        ).map((r) => ({ code: r.assessment.code, verdict: r.verdict, firstEligibleAt: r.firstEligibleAt }))
      : assessments.map((a) => ({
          code: a.code,
          verdict: evaluateEligibility(
            { entries: [], completedModules: new Set<string>(), selfAssessments: [] },
            a,
            today,
          ),
          firstEligibleAt: undefined,
        }));
    rows.push({
      platformUserId: sub,
      personId: person?.personId,
      name: person?.name ?? member?.name,
      email: member?.email,
      launched: person !== undefined,
      targetGroup: person?.targetGroup,
      targetStage: person?.targetStage,
      hours: Math.round((byCategory[70] + byCategory[20] + byCategory[10]) * 100) / 100,
      byCategory: {
        70: Math.round(byCategory[70] * 100) / 100,
        20: Math.round(byCategory[20] * 100) / 100,
        10: Math.round(byCategory[10] * 100) / 100,
      },
      lastSelfAssessment: (input?.selfAssessments ?? []).reduce<string | undefined>(
        (a, b) => (a && a > b ? a : b),
        undefined,
      ),
      verdicts,
    });
  }
  return rows.sort(
    (a, b) =>
      (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff', 'th') ||
      a.platformUserId.localeCompare(b.platformUserId),
  );
}
