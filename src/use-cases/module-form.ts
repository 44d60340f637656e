import type { Framework } from '../domain/framework/framework';
import { parseHours } from '../shared/hours-text';
import {
  MAX_MODULE_BYTES,
  MAX_MODULE_ITEMS,
  moduleLanguages,
  normaliseNewlines,
  type CompletionRule,
  type ModuleContent,
  type QuizQuestion,
} from '../domain/catalogue/learning-module';
import { MAX_FOLLOW_UP_WEEKS } from '../domain/evaluation/follow-up';

/**
 * The authoring form speaks flat field names (`page.0.title.th`, `q.1.opt.2.correct`, `map.DL.DL-WORD`) so that it
 * works without JavaScript and without a nested-body parser. This file turns a posted form into `ModuleContent`
 * (plus field errors for what is not even well formed) and a module back into form values. It is the use case's
 * side of the form: it reads the raw values with the module's rules (its limits, its languages, hours as typed)
 * and says what it could not read as codes, which the route words (`authoring.error.<code>`).
 */
export type FormValues = Record<string, string>;

/** What the form could not read in a field: required and empty, hours not typed as hours, no language, not https. */
export type FormReadProblem = 'required' | 'hours' | 'language' | 'https' | 'weeks';

export interface ParsedForm {
  content: ModuleContent;
  /** Follow up N weeks after a completion (0: none); undefined when the form did not send the field. */
  followUpWeeks?: number;
  /** field name -> what is wrong with it */
  errors: Record<string, FormReadProblem>;
  /** Mapping index (as checkModule reports it) -> the form field it came from. */
  mappingFields: string[];
  /** Page, question and video index as saved -> the index used in the form. */
  pageIndex: number[];
  questionIndex: number[];
  videoIndex: number[];
}

const LANGS = ['th', 'en'] as const;
const indexes = (v: FormValues, prefix: string) =>
  [
    ...new Set(
      Object.keys(v).flatMap((k) =>
        k.startsWith(prefix) ? [Number(k.slice(prefix.length).split('.')[0])] : [],
      ),
    ),
  ]
    .filter((n) => Number.isInteger(n) && n >= 0 && n < MAX_MODULE_ITEMS)
    .sort((a, b) => a - b);
/** The textareas: Markdown page bodies and the summary. Their text is kept as written, spaces and all. */
const isMultiLine = (k: string) => /^(summary|page\.\d+\.body)\.(th|en)$/.test(k);
/**
 * A field's value: a textarea's exactly as written (only its line breaks made LF; blank if only spaces), any
 * other field trimmed. So opening a module and saving it unchanged gives back the very same text.
 */
const text = (v: FormValues, k: string) => {
  const raw = v[k] ?? '';
  if (!isMultiLine(k)) return raw.trim();
  return raw.trim() === '' ? '' : normaliseNewlines(raw);
};

/**
 * Body limits of the authoring routes, derived from the largest module the tool accepts (MAX_MODULE_BYTES of
 * JSON), so that every module it accepts can be opened and saved again. Posted as a form, a character of text
 * takes at most three times its bytes in the JSON (a Thai character: 3 bytes, 9 as %XX%XX%XX; a line break:
 * `\n`, 2 bytes, 6 as %0D%0A; a quote: `\"`, %22), and a field name at most about three times the JSON's key
 * and quotes; empty slots, the mapping fields and the buttons add a fixed allowance. A field holds at least
 * 10 bytes of JSON (`,"th":"x"` plus its share of the object around it).
 */
export const MODULE_FORM_LIMITS = {
  bytes: 4 * MAX_MODULE_BYTES + 64 * 1024,
  parameters: Math.ceil(MAX_MODULE_BYTES / 10) + 2000,
} as const;
const blank = (b: { th: string; en: string }) => b.th === '' && b.en === '';

export function parseModuleForm(v: FormValues, framework: Framework): ParsedForm {
  const errors: Record<string, FormReadProblem> = {};
  // Only the languages the author writes in are required; the other repeats them (see ModuleContent.languages).
  const languages = LANGS.filter((l) => v[`lang.${l}`] === 'on');
  if (languages.length === 0) errors.languages = 'language';
  const written = new Set<string>(languages.length ? languages : LANGS);
  const need = (field: string, value: string) => {
    const lang = field.slice(-2);
    if (value === '' && written.has(lang)) errors[field] = 'required';
  };
  const bi = (vv: FormValues, k: string) => {
    const b = { th: text(vv, `${k}.th`), en: text(vv, `${k}.en`) };
    const th = written.has('th') ? b.th : '';
    const en = written.has('en') ? b.en : '';
    return { th: th || en, en: en || th };
  };
  const title = bi(v, 'title');
  const summary = bi(v, 'summary');
  for (const l of LANGS) {
    need(`title.${l}`, text(v, `title.${l}`));
    need(`summary.${l}`, text(v, `summary.${l}`));
  }
  const hours = parseHours(text(v, 'hours'));
  if (hours === undefined) errors.hours = 'hours';
  // Follow-up weeks: a whole number 0..MAX_FOLLOW_UP_WEEKS (a form without the field keeps the module's).
  let followUpWeeks: number | undefined;
  if (v.followUpWeeks !== undefined) {
    const raw = text(v, 'followUpWeeks');
    followUpWeeks = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
    if (!(followUpWeeks >= 0 && followUpWeeks <= MAX_FOLLOW_UP_WEEKS)) {
      errors.followUpWeeks = 'weeks';
      followUpWeeks = undefined;
    }
  }
  const category = ['70', '20', '10'].includes(text(v, 'category'))
    ? (Number(text(v, 'category')) as 70 | 20 | 10)
    : 70;

  // Pages in the order the author numbered them; a page left entirely empty is dropped.
  const pageIndex: number[] = [];
  const pages = indexes(v, 'page.')
    .map((i) => ({
      i,
      order: Number(text(v, `page.${i}.order`)) || i + 1,
      title: bi(v, `page.${i}.title`),
      body: bi(v, `page.${i}.body`),
    }))
    .filter((p) => !(blank(p.title) && blank(p.body)))
    .sort((a, b) => a.order - b.order || a.i - b.i)
    .map((p) => {
      for (const l of LANGS) {
        need(`page.${p.i}.title.${l}`, text(v, `page.${p.i}.title.${l}`));
        need(`page.${p.i}.body.${l}`, text(v, `page.${p.i}.body.${l}`));
      }
      pageIndex.push(p.i);
      return { title: p.title, body: p.body };
    });

  const questionIndex: number[] = [];
  const questions: QuizQuestion[] = indexes(v, 'q.')
    .map((i) => ({ i, prompt: bi(v, `q.${i}.prompt`) }))
    .filter((q) => !blank(q.prompt))
    .map(({ i, prompt }) => {
      for (const l of LANGS) need(`q.${i}.prompt.${l}`, text(v, `q.${i}.prompt.${l}`));
      const options = indexes(v, `q.${i}.opt.`)
        .map((j) => ({
          j,
          text: bi(v, `q.${i}.opt.${j}.text`),
          feedback: bi(v, `q.${i}.opt.${j}.feedback`),
          correct: v[`q.${i}.opt.${j}.correct`] === 'on',
        }))
        .filter((o) => !blank(o.text))
        .map((o) => {
          for (const l of LANGS) need(`q.${i}.opt.${o.j}.text.${l}`, text(v, `q.${i}.opt.${o.j}.text.${l}`));
          return {
            text: o.text,
            correct: o.correct,
            feedback: { th: o.feedback.th || o.text.th, en: o.feedback.en || o.text.en },
          };
        });
      questionIndex.push(i);
      return {
        kind: text(v, `q.${i}.kind`) === 'multiple' ? 'multiple' : 'single',
        prompt,
        options,
      } as QuizQuestion;
    });

  const resources = (prefix: string, indexOut?: number[]) =>
    indexes(v, `${prefix}.`)
      .map((i) => ({ i, url: text(v, `${prefix}.${i}.url`), title: bi(v, `${prefix}.${i}.title`) }))
      .filter((r) => r.url !== '' || !blank(r.title))
      .map((r) => {
        if (!/^https:\/\/[^\s]+$/.test(r.url)) errors[`${prefix}.${r.i}.url`] = 'https';
        for (const l of LANGS) need(`${prefix}.${r.i}.title.${l}`, text(v, `${prefix}.${r.i}.title.${l}`));
        indexOut?.push(r.i);
        return { url: r.url, title: r.title };
      });
  const videoIndex: number[] = [];
  const videos = resources('video', videoIndex);
  const attachments = resources('att');

  const kind = text(v, 'rule');
  const pass = Number(text(v, 'pass'));
  const completionRule: CompletionRule =
    kind === 'quiz' || kind === 'pages-and-quiz'
      ? { kind, passPercent: Number.isInteger(pass) ? pass : NaN }
      : { kind: 'pages' };

  // Mapping hours: one field per skill set and per area of a skill set; blank or 0 means not mapped.
  const mappingFields: string[] = [];
  const mappings: ModuleContent['mappings'] = [];
  for (const s of framework.skillSets) {
    const fields: Array<[string, string | undefined]> = [
      [`map.${s.code}`, undefined],
      ...framework.areas
        .filter((a) => a.skillSet === s.code)
        .map((a): [string, string] => [`map.${s.code}.${a.code}`, a.code]),
    ];
    for (const [field, area] of fields) {
      const raw = text(v, field);
      if (raw === '' || raw === '0') continue;
      const h = parseHours(raw);
      if (h === undefined) {
        errors[field] = 'hours';
        continue;
      }
      mappingFields.push(field);
      mappings.push({ skillSet: s.code, ...(area ? { area } : {}), hours: h });
    }
  }

  return {
    content: {
      title,
      summary,
      category,
      estimatedHours: hours ?? 0,
      completionRule,
      pages,
      videos,
      attachments,
      ...(questions.length ? { quiz: { questions } } : {}),
      mappings,
      ...(languages.length === 1 ? { languages: [...languages] } : {}),
    },
    ...(followUpWeeks !== undefined ? { followUpWeeks } : {}),
    errors,
    mappingFields,
    pageIndex,
    questionIndex,
    videoIndex,
  };
}

/** A module as form values, for editing it. */
export function moduleFormValues(m: ModuleContent): FormValues {
  const langs = moduleLanguages(m);
  const v: FormValues = {
    ...Object.fromEntries(langs.map((l) => [`lang.${l}`, 'on'])),
    'title.th': m.title.th,
    'title.en': m.title.en,
    'summary.th': m.summary.th,
    'summary.en': m.summary.en,
    hours: String(m.estimatedHours),
    category: String(m.category),
    rule: m.completionRule.kind,
    pass: m.completionRule.kind === 'pages' ? '' : String(m.completionRule.passPercent),
  };
  m.pages.forEach((p, i) => {
    v[`page.${i}.order`] = String(i + 1);
    for (const l of LANGS) {
      v[`page.${i}.title.${l}`] = p.title[l];
      v[`page.${i}.body.${l}`] = p.body[l];
    }
  });
  m.quiz?.questions.forEach((q, i) => {
    v[`q.${i}.kind`] = q.kind;
    for (const l of LANGS) v[`q.${i}.prompt.${l}`] = q.prompt[l];
    q.options.forEach((o, j) => {
      for (const l of LANGS) {
        v[`q.${i}.opt.${j}.text.${l}`] = o.text[l];
        v[`q.${i}.opt.${j}.feedback.${l}`] = o.feedback[l];
      }
      if (o.correct) v[`q.${i}.opt.${j}.correct`] = 'on';
    });
  });
  for (const [prefix, list] of [
    ['video', m.videos],
    ['att', m.attachments],
  ] as const)
    list.forEach((r, i) => {
      v[`${prefix}.${i}.url`] = r.url;
      for (const l of LANGS) v[`${prefix}.${i}.title.${l}`] = r.title[l];
    });
  for (const x of m.mappings)
    v[x.area ? `map.${x.skillSet}.${x.area}` : `map.${x.skillSet}`] = String(x.hours);
  return v;
}

/** How many page, question, option and resource slots the form shows: what there is, plus what was asked for. */
export function slotCounts(v: FormValues, add: string | undefined) {
  const count = (prefix: string, min: number) => Math.max(min, (indexes(v, prefix).at(-1) ?? -1) + 1);
  const pages = count('page.', 1) + (add === 'page' ? 1 : 0);
  const questions = count('q.', 0) + (add === 'question' ? 1 : 0);
  const options = Array.from(
    { length: questions },
    (_, i) => Math.max(count(`q.${i}.opt.`, 3), 2) + (add === `option.${i}` ? 1 : 0),
  );
  return {
    pages,
    questions,
    options,
    videos: count('video.', 0) + (add === 'video' ? 1 : 0),
    attachments: count('att.', 0) + (add === 'attachment' ? 1 : 0),
  };
}

/** A slug from the English title: lower-case words joined by hyphens (a fallback when there are none). */
export function slugFrom(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'module';
}
