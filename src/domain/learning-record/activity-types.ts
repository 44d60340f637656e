import type { LearningCategory } from '../catalogue/learning-module';

/**
 * Kinds of learning a learner logs from outside the tool, each with the 70:20:10 category it usually belongs to
 * (seed 004 §4.8.3, seed 003 §6); the learner may choose another. Names are in i18n (`activity.type.<code>`).
 * The development methods of seed 004 §5.1 are all here: orientation, training, study or study visit, workshop or
 * seminar, coaching and consultation; seed 003 §6 adds working with an expert (20).
 */
export const ACTIVITY_TYPES = [
  { code: 'on-the-job', category: 70 },
  { code: 'work-project', category: 70 },
  { code: 'self-study', category: 70 },
  { code: 'coaching', category: 20 },
  { code: 'mentoring', category: 20 },
  { code: 'peer-learning', category: 20 },
  { code: 'community-of-practice', category: 20 },
  { code: 'study-visit', category: 20 },
  { code: 'consultation', category: 20 },
  { code: 'expert-attachment', category: 20 },
  { code: 'orientation', category: 10 },
  { code: 'workshop', category: 10 },
  { code: 'seminar', category: 10 },
  { code: 'classroom', category: 10 },
  { code: 'external-course', category: 10 },
  { code: 'formal-education', category: 10 },
] as const satisfies ReadonlyArray<{ code: string; category: LearningCategory }>;

export type ActivityType = (typeof ACTIVITY_TYPES)[number]['code'];

export function isActivityType(code: string): code is ActivityType {
  return ACTIVITY_TYPES.some((a) => a.code === code);
}

export function defaultCategory(code: ActivityType): LearningCategory {
  return ACTIVITY_TYPES.find((a) => a.code === code)!.category;
}
