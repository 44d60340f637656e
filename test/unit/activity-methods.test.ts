import { defaultCategory, isActivityType } from '../../src/domain/learning-record/activity-types';
import {
  checkLectureShare,
  isLectureHeavy,
  LECTURE_SHARE_LIMIT,
  summariseLectureShare,
} from '../../src/domain/agency/lecture-share';

describe('development methods of seed 004 §5.1 as activity types', () => {
  it.each([
    ['orientation', 10], // (๑) การปฐมนิเทศ
    ['classroom', 10], // (๒) การฝึกอบรม
    ['formal-education', 10], // (๓) การศึกษา
    ['study-visit', 20], // (๓) ดูงาน
    ['workshop', 10], // (๔) การประชุมเชิงปฏิบัติการ
    ['seminar', 10], // (๔) การสัมมนา
    ['coaching', 20], // (๕) การสอนงาน
    ['consultation', 20], // (๕) การให้คำปรึกษา; seed 003 §6 puts it in 20
    ['expert-attachment', 20], // seed 003 §6: การฝึกงานกับผู้เชี่ยวชาญ
  ] as const)('%s defaults to %i', (code, category) => {
    expect(isActivityType(code)).toBe(true);
    expect(defaultCategory(code)).toBe(category);
  });
});

describe('lecture share of formal training (seed 003 §6: less lecture, more practice)', () => {
  it('flags a course over 60 % lecture, not one at 60 %', () => {
    expect(LECTURE_SHARE_LIMIT).toBe(60);
    expect(isLectureHeavy(61)).toBe(true);
    expect(isLectureHeavy(60)).toBe(false);
    expect(isLectureHeavy(undefined)).toBe(false);
  });

  it.each([
    ['', 10, { ok: true, share: undefined }],
    [' 75 ', 10, { ok: true, share: 75 }],
    ['0', 10, { ok: true, share: 0 }],
    ['100', 10, { ok: true, share: 100 }],
    ['101', 10, { ok: false, problem: 'LECTURE_SHARE_INVALID' }],
    ['60.5', 10, { ok: false, problem: 'LECTURE_SHARE_INVALID' }],
    ['-1', 10, { ok: false, problem: 'LECTURE_SHARE_INVALID' }],
    ['๖๐', 10, { ok: false, problem: 'LECTURE_SHARE_INVALID' }],
    ['40', 70, { ok: false, problem: 'LECTURE_SHARE_NOT_TRAINING' }],
  ] as const)('%j for a %i activity gives %j', (raw, category, expected) => {
    expect(checkLectureShare(raw, category)).toEqual(expected);
  });

  it('sums the training that was lecture-heavy, ignoring other buckets and unrecorded shares', () => {
    expect(
      summariseLectureShare([
        { category: 10, hours: 6, lectureShare: 80 },
        { category: 10, hours: 3, lectureShare: 60 },
        { category: 10, hours: 2 },
        { category: 20, hours: 5, lectureShare: 90 },
      ]),
    ).toEqual({ recorded: 2, lectureHeavy: 1, lectureHeavyHours: 6, recordedHours: 9 });
  });
});
