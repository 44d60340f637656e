import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { checkQuestionnaire, type FollowUpQuestionnaire } from '../domain/evaluation/follow-up';
import { projectRoot } from '../shared/paths';

export function defaultFollowUpFile(): string {
  return path.join(projectRoot(), 'config', 'evaluation', 'follow-up.json');
}

/** Every problem in the follow-up questionnaire file, one line each: `<file>: <field>: <message>`. */
export class FollowUpFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'FollowUpFileError';
  }
}

const text = z.string().trim().min(1, 'must not be empty');
const bilingual = z.strictObject({ th: text, en: text }, { error: 'must be { "th": …, "en": … }' });
const part = z.strictObject({
  intro: bilingual,
  items: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,19}$/, 'must be a short code (L1, S2)'),
        text: bilingual,
      }),
    )
    .min(1)
    .max(20),
  comment: bilingual,
});
const schema = z.strictObject({
  id: text,
  version: z.number().int().min(1),
  source: bilingual,
  answerWithinWeeks: z.number().int().min(1).max(52),
  scale: z
    .array(z.strictObject({ value: z.number().int().min(0).max(10), label: bilingual }))
    .min(2)
    .max(11),
  learner: part,
  supervisor: part,
});

/**
 * config/evaluation/follow-up.json: the follow-up questionnaire (the learner's and the supervisor's items, the
 * scale with its labelled points, the optional free text), read and checked at start; a bad file stops start-up.
 */
export function readFollowUpFile(file: string = defaultFollowUpFile()): FollowUpQuestionnaire {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new FollowUpFileError([`${file}: not valid JSON or not readable (${(err as Error).message})`]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new FollowUpFileError(
      parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || 'file'}: ${i.message}`),
    );
  const problems = checkQuestionnaire(parsed.data);
  if (problems.length > 0) throw new FollowUpFileError(problems.map((p) => `${file}: ${p}`));
  return parsed.data;
}
