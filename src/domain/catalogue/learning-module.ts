import type { Bilingual, Framework } from '../framework/framework';
import { roundHours } from '../learning-record/hours';

/**
 * 70: learning by oneself and from doing the work (self-paced online learning included); 20: learning from others and
 * from coaching; 10: learning from training (seed 004 §4.8.3, seed 003 §6).
 */
export type LearningCategory = 70 | 20 | 10;
export const CATEGORIES: readonly LearningCategory[] = [70, 20, 10];

export type CompletionRule =
  { kind: 'pages' } | { kind: 'quiz'; passPercent: number } | { kind: 'pages-and-quiz'; passPercent: number };

export interface QuizOption {
  text: Bilingual;
  correct: boolean;
  feedback: Bilingual;
}

export interface QuizQuestion {
  kind: 'single' | 'multiple';
  prompt: Bilingual;
  options: QuizOption[];
}

export interface ModulePage {
  title: Bilingual;
  /** Markdown; rendered and sanitised at the edge. */
  body: Bilingual;
}

export interface LinkedResource {
  url: string;
  title: Bilingual;
}

export interface SkillMapping {
  skillSet: string;
  /** A Digital Literacy area, only for DL mappings. */
  area?: string;
  hours: number;
}

/** What an author writes: one version of a module. */
export interface ModuleContent {
  title: Bilingual;
  summary: Bilingual;
  category: LearningCategory;
  estimatedHours: number;
  completionRule: CompletionRule;
  pages: ModulePage[];
  videos: LinkedResource[];
  attachments: LinkedResource[];
  quiz?: { questions: QuizQuestion[] };
  mappings: SkillMapping[];
  /**
   * The languages the author wrote it in; absent means both. Text of a language not written repeats the
   * written one, so every page still shows something in either interface language.
   */
  languages?: ContentLanguage[];
}

export type ContentLanguage = 'th' | 'en';

/** The languages a module is written in (both, for modules that do not say). */
export function moduleLanguages(m: Pick<ModuleContent, 'languages'>): ContentLanguage[] {
  return m.languages && m.languages.length > 0 ? m.languages : ['th', 'en'];
}

/** A problem with a field, as a code plus values; the edge turns it into a sentence in the user's language. */
export interface ModuleProblem {
  field: string;
  code:
    | 'HOURS_OUT_OF_RANGE'
    | 'MAPPING_HOURS_EXCEED_MODULE'
    | 'MAPPING_HOURS_NOT_POSITIVE'
    | 'UNKNOWN_SKILL_SET'
    | 'UNKNOWN_AREA'
    | 'AREA_OF_OTHER_SKILL_SET'
    | 'DUPLICATE_MAPPING'
    | 'NO_MAPPING'
    | 'NO_PAGES'
    | 'QUIZ_REQUIRED'
    | 'PASS_PERCENT_OUT_OF_RANGE'
    | 'SINGLE_NEEDS_ONE_CORRECT'
    | 'MULTIPLE_NEEDS_TWO_CORRECT'
    | 'TOO_FEW_OPTIONS'
    | 'UNSUPPORTED_VIDEO'
    | 'TOO_LARGE'
    | 'TOO_MANY';
  params?: Record<string, string | number>;
}

/** The skill sets and areas a module may map to: the tenant's framework. */
export interface MappingTargets {
  skillSets: ReadonlySet<string>;
  /** area code -> its skill set code */
  areas: ReadonlyMap<string, string>;
}

/**
 * The largest module the tool accepts, from a catalogue file or the authoring form: its content as compact JSON,
 * in UTF-8 bytes. The largest shipped module is about 47 kB. The authoring form's body limit is derived from this,
 * so that every module the tool accepts can be opened and saved again.
 */
export const MAX_MODULE_BYTES = 256 * 1024;
/** At most this many pages, questions, options of a question, videos and attachments (the form's slots). */
export const MAX_MODULE_ITEMS = 100;

/** The size MAX_MODULE_BYTES bounds. */
export const moduleBytes = (m: ModuleContent): number => new TextEncoder().encode(JSON.stringify(m)).length;

/**
 * Text as the tool keeps it: line breaks as LF. Browsers post a textarea's line breaks as CRLF and files may
 * hold either; every way in goes through this, so that saving unchanged text changes nothing.
 */
export const normaliseNewlines = (s: string): string => s.replace(/\r\n?/g, '\n');

/** The same content, whatever the order of its mappings and whether it names both languages or leaves them out. */
export function sameContent(a: ModuleContent, b: ModuleContent): boolean {
  const canonical = (m: ModuleContent) =>
    JSON.stringify(m, (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
        : value,
    );
  const shape = (m: ModuleContent): ModuleContent => ({
    ...m,
    languages: moduleLanguages(m),
    quiz: m.quiz?.questions.length ? m.quiz : undefined,
    mappings: [...m.mappings].sort((x, y) =>
      `${x.skillSet}/${x.area ?? ''}`.localeCompare(`${y.skillSet}/${y.area ?? ''}`),
    ),
  });
  return canonical(shape(a)) === canonical(shape(b));
}

/**
 * Every rule a module version must meet to be saved as a draft or published (publishing additionally needs
 * a mapping, checked by the caller with `forPublishing`).
 */
export function checkModule(
  m: ModuleContent,
  targets: MappingTargets,
  options: { forPublishing?: boolean } = {},
): ModuleProblem[] {
  const problems: ModuleProblem[] = [];
  const bytes = moduleBytes(m);
  if (bytes > MAX_MODULE_BYTES)
    problems.push({
      field: 'module',
      code: 'TOO_LARGE',
      params: { kb: Math.ceil(bytes / 1024), max: MAX_MODULE_BYTES / 1024 },
    });
  for (const [field, n] of [
    ['pages', m.pages.length],
    ['quiz', m.quiz?.questions.length ?? 0],
    ['videos', m.videos.length],
    ['attachments', m.attachments.length],
    ...(m.quiz?.questions ?? []).map((q, i): [string, number] => [
      `quiz.questions.${i}.options`,
      q.options.length,
    ]),
  ] as Array<[string, number]>)
    if (n > MAX_MODULE_ITEMS) problems.push({ field, code: 'TOO_MANY', params: { max: MAX_MODULE_ITEMS } });
  if (!(m.estimatedHours > 0 && m.estimatedHours <= 1000)) {
    problems.push({ field: 'estimatedHours', code: 'HOURS_OUT_OF_RANGE', params: { min: 0, max: 1000 } });
  }
  if (m.pages.length === 0 && m.completionRule.kind !== 'quiz')
    problems.push({ field: 'pages', code: 'NO_PAGES' });
  if (m.completionRule.kind !== 'pages') {
    if (!(m.completionRule.passPercent >= 1 && m.completionRule.passPercent <= 100)) {
      problems.push({ field: 'completionRule.passPercent', code: 'PASS_PERCENT_OUT_OF_RANGE' });
    }
    if (!m.quiz || m.quiz.questions.length === 0) problems.push({ field: 'quiz', code: 'QUIZ_REQUIRED' });
  }
  m.quiz?.questions.forEach((q, i) => {
    const correct = q.options.filter((o) => o.correct).length;
    if (q.options.length < 2)
      problems.push({ field: `quiz.questions.${i}.options`, code: 'TOO_FEW_OPTIONS' });
    if (q.kind === 'single' && correct !== 1)
      problems.push({ field: `quiz.questions.${i}.options`, code: 'SINGLE_NEEDS_ONE_CORRECT' });
    if (q.kind === 'multiple' && correct < 2)
      problems.push({ field: `quiz.questions.${i}.options`, code: 'MULTIPLE_NEEDS_TWO_CORRECT' });
  });
  m.videos.forEach((v, i) => {
    if (!videoEmbed(v.url)) problems.push({ field: `videos.${i}.url`, code: 'UNSUPPORTED_VIDEO' });
  });

  const seen = new Set<string>();
  m.mappings.forEach((map, i) => {
    const field = `mappings.${i}`;
    if (!targets.skillSets.has(map.skillSet))
      problems.push({
        field: `${field}.skillSet`,
        code: 'UNKNOWN_SKILL_SET',
        params: { code: map.skillSet },
      });
    if (map.area !== undefined) {
      const owner = targets.areas.get(map.area);
      if (!owner) problems.push({ field: `${field}.area`, code: 'UNKNOWN_AREA', params: { code: map.area } });
      else if (owner !== map.skillSet)
        problems.push({
          field: `${field}.area`,
          code: 'AREA_OF_OTHER_SKILL_SET',
          params: { code: map.area, skillSet: owner },
        });
    }
    if (!(map.hours > 0)) problems.push({ field: `${field}.hours`, code: 'MAPPING_HOURS_NOT_POSITIVE' });
    const key = `${map.skillSet}/${map.area ?? ''}`;
    if (seen.has(key))
      problems.push({ field, code: 'DUPLICATE_MAPPING', params: { code: map.area ?? map.skillSet } });
    seen.add(key);
  });
  const mapped = roundHours(m.mappings.reduce((sum, map) => sum + (map.hours > 0 ? map.hours : 0), 0));
  if (mapped > roundHours(m.estimatedHours)) {
    problems.push({
      field: 'mappings',
      code: 'MAPPING_HOURS_EXCEED_MODULE',
      params: { mapped, hours: m.estimatedHours },
    });
  }
  if (options.forPublishing && m.mappings.length === 0)
    problems.push({ field: 'mappings', code: 'NO_MAPPING' });
  return problems;
}

export type VideoEmbed = { kind: 'youtube' | 'vimeo'; embedUrl: string } | { kind: 'mp4'; src: string };

/** YouTube, Vimeo and direct MP4 links -> how to embed them; anything else is refused. */
export function videoEmbed(url: string): VideoEmbed | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:') return undefined;
  const host = u.hostname.replace(/^www\./, '').replace(/^m\./, '');
  const idOk = (id: string | null | undefined): id is string => !!id && /^[\w-]{6,20}$/.test(id);
  if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    const id =
      u.pathname === '/watch'
        ? u.searchParams.get('v')
        : u.pathname.match(/^\/(?:embed|shorts)\/([\w-]+)/)?.[1];
    return idOk(id)
      ? { kind: 'youtube', embedUrl: `https://www.youtube-nocookie.com/embed/${id}` }
      : undefined;
  }
  if (host === 'youtu.be') {
    const id = u.pathname.slice(1);
    return idOk(id)
      ? { kind: 'youtube', embedUrl: `https://www.youtube-nocookie.com/embed/${id}` }
      : undefined;
  }
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    const id = u.pathname.match(/(\d{5,12})$/)?.[1];
    return id ? { kind: 'vimeo', embedUrl: `https://player.vimeo.com/video/${id}` } : undefined;
  }
  if (/\.mp4$/i.test(u.pathname)) return { kind: 'mp4', src: u.toString() };
  return undefined;
}

/** The skill sets and areas of a framework, as checkModule takes them. */
export function mappingTargets(f: Framework): MappingTargets {
  return {
    skillSets: new Set(f.skillSets.map((s) => s.code)),
    areas: new Map(f.areas.map((a) => [a.code, a.skillSet])),
  };
}
