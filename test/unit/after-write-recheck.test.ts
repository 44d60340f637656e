import { ownCounting } from '../../src/domain/framework/crosswalk-counting';
import type { Assessment } from '../../src/domain/assessment/eligibility';
import { readFrameworkDir } from '../../src/content/framework-file';
import type { UseCaseDeps } from '../../src/use-cases/deps';
import type {
  DevelopmentStore,
  EligibilityInput,
  FrameworkStore,
  LedgerStore,
  RuleStore,
  SelfAssessmentRecord,
} from '../../src/use-cases/ports';
import { reviewEntries } from '../../src/use-cases/review-entries';
import { correctEntry } from '../../src/use-cases/correct-entry';
import { reverseEntry } from '../../src/use-cases/reverse-entry';
import { takeSelfAssessment } from '../../src/use-cases/take-self-assessment';
import { contextId, entryId, frameworkId, personId, tenantId, type PersonId } from '../../src/shared/ids';

/**
 * The after-write step lives in the write's use case: calling the use case alone (no route, no callback handed
 * in) keeps the first-eligible dates that the organisation report counts. Small in-memory stores stand in for
 * the repositories; the rule "anyone with a target group" makes the first judgement an eligibility.
 */
const TENANT = tenantId(7);
const COURSE = contextId(30);
const REVIEWER = {
  tenantId: TENANT,
  personId: personId(1),
  contextId: COURSE,
  lms: { issuer: 'https://lms.example', deploymentId: '1' },
};
const LEARNER = personId(2);
const ENTRY = entryId(5);
const ASSESSMENT: Assessment = {
  code: 'TPQI-DL',
  name: { th: 'x', en: 'x' },
  description: { th: 'x', en: 'x' },
  rules: { '*': {} },
};
const stored = (() => {
  const framework = readFrameworkDir()[0]!;
  return { id: frameworkId(1), framework, loadedAt: new Date(0), source: 'test' };
})();

function setUp(options: { recheckFails?: boolean } = {}) {
  const firsts = new Map<PersonId, Map<string, Date>>();
  const warnings: string[] = [];
  const input = (personId: PersonId): EligibilityInput => ({
    counted: [],
    completedModules: new Set(),
    selfAssessments: [],
    firsts: firsts.get(personId) ?? new Map(),
  });
  const development: DevelopmentStore = {
    saveSelfAssessment: async () => 41,
    selfAssessmentsOf: async (): Promise<SelfAssessmentRecord[]> => [],
    eligibilityInputOf: async (_t, personId) => input(personId),
    eligibilityInputsOf: async (_t, personIds) => new Map(personIds.map((p) => [p, input(p)])),
    markEligible: async ({ personId }, codes) => {
      const kept = firsts.get(personId) ?? new Map<string, Date>();
      for (const c of codes) if (!kept.has(c)) kept.set(c, new Date('2026-11-23T05:00:00Z'));
      firsts.set(personId, kept);
      return kept;
    },
    peopleOf: async () => {
      if (options.recheckFails) throw new Error('database went away');
      return [{ personId: LEARNER, targetGroup: 'SERV' }];
    },
  };
  const ledger: Partial<LedgerStore> = {
    ownersOf: async () => [LEARNER],
    review: async ({ entryIds }) => entryIds,
    courseLearner: async ({ personId }) => ({ personId, platformUserId: 'u2', name: 'L' }),
    correct: async () => entryId(99),
  };
  const deps = {
    ledger: ledger as LedgerStore,
    development,
    frameworks: { forTenant: async () => stored } as Partial<FrameworkStore> as FrameworkStore,
    rules: { inForce: async () => [] } as Partial<RuleStore> as RuleStore,
    shippedAssessments: () => ({ isDefault: true, assessments: [ASSESSMENT] }),
    counting: (id: string) => ownCounting({ id, skillSets: [], areas: [] }),
    today: () => '2026-11-23',
    logger: { warn: (_o: object, msg: string) => void warnings.push(msg) },
  } satisfies Partial<UseCaseDeps>;
  const firstEligible = () => firsts.get(LEARNER)?.get(ASSESSMENT.code);
  return { deps, firstEligible, warnings };
}

describe('use cases judge eligibility again after their own writes', () => {
  it('when entries are approved, then their owner is judged and the first-eligible date is kept', async () => {
    const { deps, firstEligible } = setUp();
    const outcome = await reviewEntries(deps, {
      reviewer: REVIEWER,
      entryIds: [ENTRY],
      decision: 'approved',
    });
    expect(outcome).toEqual({ decided: [5] });
    expect(firstEligible()).toEqual(new Date('2026-11-23T05:00:00Z'));
  });

  it('when entries are rejected, then nobody is judged (nothing new counts)', async () => {
    const { deps, firstEligible } = setUp();
    await reviewEntries(deps, { reviewer: REVIEWER, entryIds: [ENTRY], decision: 'rejected', comment: 'no' });
    expect(firstEligible()).toBeUndefined();
  });

  it('when an entry is corrected or reversed, then the person is judged again', async () => {
    for (const amend of [
      (d: ReturnType<typeof setUp>['deps']) =>
        correctEntry(d, { actor: REVIEWER, personId: LEARNER, entryId: ENTRY, hours: 3, reason: 'typo' }),
      (d: ReturnType<typeof setUp>['deps']) =>
        reverseEntry(d, { actor: REVIEWER, personId: LEARNER, entryId: ENTRY, reason: 'duplicate' }),
    ]) {
      const { deps, firstEligible } = setUp();
      expect(await amend(deps)).toEqual({ written: 99 });
      expect(firstEligible()).toBeDefined();
    }
  });

  it('when a self-assessment is kept, then its learner is judged again', async () => {
    const { deps, firstEligible } = setUp();
    const f = stored.framework;
    const outcome = await takeSelfAssessment(deps, {
      learner: { tenantId: TENANT, personId: LEARNER, contextId: COURSE, targetSetByInstructor: false },
      framework: stored,
      answers: {
        targetGroup: f.targetGroups[0]!.code,
        targetStage: f.stages[0]!.code,
        ratings: Object.fromEntries(f.skillSets.map((s) => [s.code, 1])),
      },
    });
    expect(outcome).toEqual({ id: 41 });
    expect(firstEligible()).toBeDefined();
  });

  it('when the recheck fails, then the write still stands and the failure is logged', async () => {
    const { deps, warnings } = setUp({ recheckFails: true });
    const outcome = await reviewEntries(deps, {
      reviewer: REVIEWER,
      entryIds: [ENTRY],
      decision: 'approved',
    });
    expect(outcome).toEqual({ decided: [5] });
    expect(warnings).toEqual(['eligibility recheck failed']);
  });

  it("when the reviewer's own entry is in the batch, then nothing is written and nobody is judged", async () => {
    const { deps, firstEligible } = setUp();
    const outcome = await reviewEntries(deps, {
      reviewer: { ...REVIEWER, personId: LEARNER },
      entryIds: [ENTRY],
      decision: 'approved',
    });
    expect(outcome).toMatchObject({ refused: { code: 'OWN_RECORD' } });
    expect(firstEligible()).toBeUndefined();
  });
});
