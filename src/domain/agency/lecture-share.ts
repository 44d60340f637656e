import type { LearningCategory } from '../catalogue/learning-module';

/**
 * In-class training should use methods other than lecture (discussion, practice, case studies, assignments), with
 * lecture at most 60 % and the other methods at least 40 % of the training time (seed 004 §4.8.4: "ในสัดส่วนการ
 * บรรยายไม่เกินร้อยละ ๖๐ และการพัฒนารูปแบบอื่นไม่น้อยกว่าร้อยละ ๔๐"; seed 003 §6: less lecture, more practice).
 * For a 10 (training) activity the learner records which share of it was lecture, in whole percent; a course over
 * 60 % lecture is flagged for the development committee.
 */
export const LECTURE_SHARE_LIMIT = 60;

export type LectureShareProblem = 'LECTURE_SHARE_INVALID' | 'LECTURE_SHARE_NOT_TRAINING';

/**
 * The lecture share as entered: empty (not recorded) or a whole number 0 to 100. Only training (10) records it:
 * the share of lecture in on-the-job learning or coaching means nothing.
 */
export function checkLectureShare(
  raw: string,
  category: LearningCategory,
): { ok: true; share: number | undefined } | { ok: false; problem: LectureShareProblem } {
  const text = raw.trim();
  if (text === '') return { ok: true, share: undefined };
  if (category !== 10) return { ok: false, problem: 'LECTURE_SHARE_NOT_TRAINING' };
  if (!/^\d{1,3}$/.test(text) || Number(text) > 100) return { ok: false, problem: 'LECTURE_SHARE_INVALID' };
  return { ok: true, share: Number(text) };
}

/** Over the limit: 61 % is flagged, 60 % is not. */
export function isLectureHeavy(share: number | undefined): boolean {
  return share !== undefined && share > LECTURE_SHARE_LIMIT;
}

export interface TrainingLectureSummary {
  /** Training entries with a recorded share. */
  recorded: number;
  /** Of them, over the limit. */
  lectureHeavy: number;
  /** Hours of training over the limit, of all training hours with a recorded share. */
  lectureHeavyHours: number;
  recordedHours: number;
}

/** How much of an organisation's or a person's training was lecture-heavy, for the report. */
export function summariseLectureShare(
  entries: ReadonlyArray<{ category: LearningCategory; hours: number; lectureShare?: number }>,
): TrainingLectureSummary {
  const out: TrainingLectureSummary = {
    recorded: 0,
    lectureHeavy: 0,
    lectureHeavyHours: 0,
    recordedHours: 0,
  };
  for (const e of entries) {
    if (e.category !== 10 || e.lectureShare === undefined) continue;
    out.recorded += 1;
    out.recordedHours += e.hours;
    if (isLectureHeavy(e.lectureShare)) {
      out.lectureHeavy += 1;
      out.lectureHeavyHours += e.hours;
    }
  }
  out.recordedHours = Math.round(out.recordedHours * 100) / 100;
  out.lectureHeavyHours = Math.round(out.lectureHeavyHours * 100) / 100;
  return out;
}
