import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FollowUpFileError, readFollowUpFile } from '../../src/content/follow-up-file';
import {
  checkAnswer,
  followUpState,
  summariseFollowUps,
  type FollowUpQuestionnaire,
} from '../../src/domain/evaluation/follow-up';
import { parseModuleForm } from '../../src/use-cases/module-form';
import { readFrameworkDir } from '../../src/content/framework-file';

const q = readFollowUpFile();

describe('the follow-up questionnaire (config/evaluation/follow-up.json)', () => {
  it('has learner and supervisor items, each in Thai and English, a 1–5 scale with every point labelled, and cites seed 004', () => {
    expect(q.learner.items.length).toBeGreaterThanOrEqual(3);
    expect(q.supervisor.items.length).toBeGreaterThanOrEqual(3);
    for (const item of [...q.learner.items, ...q.supervisor.items]) {
      expect(item.text.th).toMatch(/[\u0E00-\u0E7F]/);
      expect(item.text.en).toMatch(/[a-z]/);
    }
    expect(q.scale.map((p) => p.value)).toEqual([1, 2, 3, 4, 5]);
    for (const p of q.scale) expect(p.label.th && p.label.en).toBeTruthy();
    expect(q.learner.comment.th).toMatch(/ไม่บังคับ/);
    expect(q.source.en).toMatch(/seed 004/);
    expect(q.source.th).toMatch(/ส่วนที่ 7/);
  });

  it('when the file has a repeated item code, a scale with a gap or a missing translation, then start-up stops naming each', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'follow-up-'));
    const file = path.join(dir, 'follow-up.json');
    const bad = JSON.parse(JSON.stringify(q)) as FollowUpQuestionnaire;
    bad.supervisor.items[0]!.code = bad.learner.items[0]!.code;
    bad.scale[2]!.value = 7;
    (bad.learner.items[1]!.text as { en?: string }).en = undefined;
    fs.writeFileSync(file, JSON.stringify(bad));
    expect(() => readFollowUpFile(file)).toThrow(FollowUpFileError);
    try {
      readFollowUpFile(file);
    } catch (err) {
      // The schema's problems come first; the domain's checks run on a file that passed them.
      expect((err as FollowUpFileError).problems.join('\n')).toMatch(/learner\.items\.1\.text\.en/);
    }
    delete (bad.learner.items[1]!.text as { en?: string }).en;
    bad.learner.items[1]!.text.en = 'fixed';
    fs.writeFileSync(file, JSON.stringify(bad));
    try {
      readFollowUpFile(file);
      throw new Error('expected a refusal');
    } catch (err) {
      const text = (err as FollowUpFileError).problems.join('\n');
      expect(text).toMatch(/supervisor\.items\.0\.code: "L1" is used twice/);
      expect(text).toMatch(/scale\.2\.value: points must count up by one/);
    }
    fs.rmSync(dir, { recursive: true });
  });
});

describe('when a follow-up is due (followUpState)', () => {
  const within = 8;
  const completion = { completedOn: '2026-01-05', weeks: 8, reversed: false };
  it.each([
    ['the day after completing', '2026-01-06', 'notYet'],
    ['the day before 8 weeks', '2026-03-01', 'notYet'],
    ['exactly 8 weeks later', '2026-03-02', 'open'],
    ['the last day of the answering window', '2026-04-26', 'open'],
    ['the day the window closes', '2026-04-27', 'closed'],
  ])('on %s (%s) it is %s', (_what, today, state) => {
    expect(followUpState(completion, today, within).state).toBe(state);
  });

  it('is due N weeks after the completion’s date, whatever N the module says', () => {
    expect(followUpState({ ...completion, weeks: 1 }, '2026-01-12', within)).toEqual({
      state: 'open',
      dueOn: '2026-01-12',
      closesOn: '2026-03-09',
    });
    expect(followUpState({ ...completion, weeks: 52 }, '2027-01-04', within)).toEqual({
      state: 'open',
      dueOn: '2027-01-04',
      closesOn: '2027-03-01',
    });
  });

  it('has none when the module says 0 weeks, or when the completion was reversed', () => {
    expect(followUpState({ ...completion, weeks: 0 }, '2026-03-02', within)).toEqual({ state: 'none' });
    expect(followUpState({ ...completion, reversed: true }, '2026-03-02', within)).toEqual({ state: 'none' });
  });

  it('counts the Thai dates across a fiscal year and a leap day', () => {
    expect(
      followUpState({ completedOn: '2028-01-10', weeks: 8, reversed: false }, '2028-03-06', within),
    ).toEqual({
      state: 'open',
      dueOn: '2028-03-06',
      closesOn: '2028-05-01',
    });
  });
});

describe('checking an answer', () => {
  const all = (v: number) => Object.fromEntries(q.learner.items.map((i) => [i.code, v]));
  it('accepts a point of the scale for every item, with or without the free text', () => {
    expect(checkAnswer(q, 'learner', { ratings: all(4) })).toEqual([]);
    expect(checkAnswer(q, 'learner', { ratings: all(1), comment: 'ใช้ทำรายงานประจำเดือน' })).toEqual([]);
  });
  it('refuses a missing item, a value off the scale, another role’s item and a free text over 2,000 characters', () => {
    const ratings = all(4);
    delete ratings[q.learner.items[0]!.code];
    ratings[q.learner.items[1]!.code] = 6;
    ratings[q.supervisor.items[0]!.code] = 3;
    expect(checkAnswer(q, 'learner', { ratings, comment: 'x'.repeat(2001) })).toEqual([
      { field: q.learner.items[0]!.code, code: 'rating' },
      { field: q.learner.items[1]!.code, code: 'rating' },
      { field: q.supervisor.items[0]!.code, code: 'rating' },
      { field: 'comment', code: 'tooLong' },
    ]);
  });
});

describe('the committee’s figures (summariseFollowUps)', () => {
  const title = { th: 'ทักษะคอมพิวเตอร์', en: 'Computer basics' };
  it('gives response rates per role and the mean of each item with its n, per module and fiscal year', () => {
    const [result] = summariseFollowUps(
      q,
      [{ moduleId: 7, title, fiscalYear: 2569, due: 4, learnerAnswered: 3, supervisorAnswered: 1 }],
      [
        { moduleId: 7, fiscalYear: 2569, role: 'learner', ratings: { L1: 5, L2: 4, L3: 3, L4: 2 } },
        { moduleId: 7, fiscalYear: 2569, role: 'learner', ratings: { L1: 4, L2: 4, L3: 3, L4: 2 } },
        { moduleId: 7, fiscalYear: 2569, role: 'learner', ratings: { L1: 4, L2: 5, L3: 3, L4: 1 } },
        { moduleId: 7, fiscalYear: 2569, role: 'supervisor', ratings: { S1: 2, S2: 3, S3: 4, S4: 5 } },
        // Another module's answer is not this module's.
        { moduleId: 8, fiscalYear: 2569, role: 'learner', ratings: { L1: 1, L2: 1, L3: 1, L4: 1 } },
      ],
    );
    expect(result).toMatchObject({ due: 4, learnerRate: 75, supervisorRate: 25 });
    const item = (code: string) => result!.items.find((i) => i.code === code);
    expect(item('L1')).toMatchObject({ role: 'learner', mean: 4.33, n: 3 });
    expect(item('L4')).toMatchObject({ mean: 1.67, n: 3 });
    expect(item('S4')).toMatchObject({ role: 'supervisor', mean: 5, n: 1 });
    expect(result!.items.map((i) => i.code)).toEqual(
      [...q.learner.items, ...q.supervisor.items].map((i) => i.code),
    );
  });

  it('says nothing of an item nobody rated, and has no rate when none is due', () => {
    const [result] = summariseFollowUps(
      q,
      [{ moduleId: 7, title, fiscalYear: 2569, due: 0, learnerAnswered: 0, supervisorAnswered: 0 }],
      [],
    );
    expect(result!.learnerRate).toBeUndefined();
    expect(result!.items.every((i) => i.n === 0 && i.mean === undefined)).toBe(true);
  });
});

describe('the module form’s "follow up after N weeks"', () => {
  const framework = readFrameworkDir().find((f) => f.id === 'ocsc-digital-government-skills')!;
  const form = (weeks?: string) => ({
    'lang.th': 'on',
    'title.th': 'บท',
    'summary.th': 'สรุป',
    hours: '1',
    ...(weeks === undefined ? {} : { followUpWeeks: weeks }),
  });
  it.each([
    ['8', 8],
    ['0', 0],
    ['52', 52],
  ])('reads %s weeks', (raw, weeks) => {
    const parsed = parseModuleForm(form(raw), framework);
    expect(parsed.followUpWeeks).toBe(weeks);
    expect(parsed.errors.followUpWeeks).toBeUndefined();
  });
  it.each(['53', '-1', '2.5', 'eight', ''])('refuses "%s" as weeks', (raw) => {
    expect(parseModuleForm(form(raw), framework).errors.followUpWeeks).toBe('weeks');
  });
  it('keeps the module’s setting when the form does not send the field', () => {
    expect(parseModuleForm(form(), framework).followUpWeeks).toBeUndefined();
  });
});
