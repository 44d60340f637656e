import type { Assessment, CountedHours, HeldCertification } from '../../domain/assessment/eligibility';
import type { SkillCounting } from '../../domain/framework/crosswalk-counting';
import type { DevelopmentStore } from './development';
import type { FrameworkStore } from './framework';
import type { RuleStore } from './rules';

/** What eligibility is judged on: counted hours, completed module slugs, self-assessment dates, first eligibilities. */
export interface EligibilityInput {
  counted: CountedHours[];
  completedModules: Set<string>;
  selfAssessments: string[];
  /** Dates of imported official self-assessments (DG-SA), which count as self-assessments. */
  officialSelfAssessments?: string[];
  /** Imported TPQI certifications. */
  certifications?: HeldCertification[];
  /** assessment code -> when the learner was first eligible */
  firsts: Map<string, Date>;
}

/** A framework's shipped assessments (config/assessments), before any organisation's or course's edit. */
export interface ShippedAssessmentSet {
  isDefault: boolean;
  assessments: Assessment[];
}

/** What judging eligibility needs: the record's inputs, the rules in force where it happened, and today. */
export interface EligibilityDeps {
  frameworks: Pick<FrameworkStore, 'forTenant'>;
  development: DevelopmentStore;
  rules: Pick<RuleStore, 'inForce'>;
  shippedAssessments(frameworkId: string): ShippedAssessmentSet | undefined;
  /**
   * How hours recorded with any framework's codes count towards this one through the crosswalks (built once at
   * start; a framework without crosswalks counts as recorded).
   */
  counting(frameworkId: string): SkillCounting;
  /** Today's date (ISO) where the learners are: Thai dates run on Bangkok time. */
  today(): string;
  /** Where an after-write step that does not fail its write says it failed. */
  logger: WarningLog;
}

/** The part of the logger a use case writes to (the app's pino logger is one). */
export interface WarningLog {
  warn(fields: object, message: string): void;
}
