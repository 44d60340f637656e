import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  checkFramework,
  entryName,
  FRAMEWORK_ENTRY,
  FRAMEWORK_PROBLEM_TEXT,
  frameworkProblem,
  type Framework,
  type FrameworkProblemCode,
  type FrameworkList,
  type FrameworkProblem,
} from '../domain/framework/framework';
import { projectRoot } from '../shared/paths';

/** Where the shipped frameworks live (config/frameworks/*.json), from src/ or dist/src/ alike. */
export function defaultFrameworkDir(): string {
  return path.join(projectRoot(), 'config', 'frameworks');
}

export interface FrameworkFileProblem extends FrameworkProblem {
  file: string;
}

/**
 * Whether a problem is with the framework's own fields (id, version, name...) rather than with one of its entries
 * (a skill set, an area...): a page names the entry only for the latter.
 */
export function isAboutTheFramework(p: Pick<FrameworkProblem, 'entry'>): boolean {
  return p.entry === FRAMEWORK_ENTRY;
}

/** Every problem in one or more framework files, one line each: `<file>: <entry>: <field>: <message>`. */
export class FrameworkFileError extends Error {
  constructor(readonly problems: FrameworkFileProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'FrameworkFileError';
  }
}

function formatProblem(p: FrameworkFileProblem): string {
  return [p.file, p.entry, p.field, p.message].filter(Boolean).join(': ');
}

// --- the file format (mirrors src/domain/framework/framework.ts) ---

// zod carries a problem's code as its message; describeIssue turns it back into a coded problem.
function code(c: FrameworkProblemCode): string {
  return c;
}
const isCode = (m: string): m is FrameworkProblemCode => m in FRAMEWORK_PROBLEM_TEXT;

const text = z
  .string({ error: (issue) => (issue.input === undefined ? code('REQUIRED') : code('NOT_TEXT')) })
  .refine((s) => s.trim() !== '', code('EMPTY'));

const bilingual = z.strictObject(
  { th: text, en: text },
  {
    error: (issue) => (issue.input === undefined ? code('REQUIRED') : code('NOT_BILINGUAL')),
  },
);

const wholeNumber = z
  .number({ error: (issue) => (issue.input === undefined ? code('REQUIRED') : code('NOT_NUMBER')) })
  .int(code('NOT_WHOLE_NUMBER'));

const entry = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject(shape, {
    error: (issue) => (issue.input === undefined ? code('REQUIRED') : code('NOT_OBJECT')),
  });

const list = <T extends z.ZodType>(item: T) =>
  z.array(item, { error: (issue) => (issue.input === undefined ? code('REQUIRED') : code('NOT_LIST')) });

const frameworkSchema = z.strictObject(
  {
    id: text,
    version: text,
    name: bilingual,
    source: bilingual,
    notes: bilingual,
    dimensions: list(entry({ code: text, name: bilingual, description: bilingual })).min(1, code('EMPTY')),
    skillSets: list(
      entry({
        code: text,
        dimension: text,
        name: bilingual,
        description: bilingual,
        foundational: z.boolean({
          error: (issue) => (issue.input === undefined ? code('REQUIRED') : code('NOT_BOOLEAN')),
        }),
      }),
    ).min(1, code('EMPTY')),
    areas: list(entry({ code: text, skillSet: text, name: bilingual, description: bilingual })),
    targetGroups: list(entry({ code: text, name: bilingual, definition: bilingual })).min(1, code('EMPTY')),
    stages: list(
      entry({
        code: text,
        name: bilingual,
        years: entry({ from: wholeNumber, to: wholeNumber }),
        description: bilingual,
      }),
    ).min(1, code('EMPTY')),
    expectedRoles: list(entry({ group: text, stage: text, role: bilingual })),
  },
  { error: () => code('NOT_JSON_OBJECT') },
) satisfies z.ZodType<Framework>;

const LISTS: readonly string[] = [
  'dimensions',
  'skillSets',
  'areas',
  'targetGroups',
  'stages',
  'expectedRoles',
] satisfies FrameworkList[];

/** Reference fields and the list they point into. */
const REFERENCED_LIST: Readonly<Record<string, FrameworkList>> = {
  dimension: 'dimensions',
  skillSet: 'skillSets',
  group: 'targetGroups',
  stage: 'stages',
};

// --- reading ---

/** Reads, parses and checks one framework file; throws FrameworkFileError listing every problem at once. */
export function readFrameworkFile(file: string): Framework {
  const result = parseFrameworkFile(file);
  if ('problems' in result) throw new FrameworkFileError(result.problems);
  return result.framework;
}

/**
 * Every *.json in a folder (default: config/frameworks), sorted by name. Problems of all files, and framework ids
 * used by two files, are reported together.
 */
export function readFrameworkDir(dir: string = defaultFrameworkDir()): Framework[] {
  let names: string[];
  try {
    names = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch (err) {
    throw new FrameworkFileError([
      { file: dir, ...frameworkProblem('', '', 'UNREADABLE', { detail: (err as Error).message }) },
    ]);
  }
  const problems: FrameworkFileProblem[] = [];
  const frameworks: Framework[] = [];
  const files = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    const result = parseFrameworkFile(file);
    if ('problems' in result) {
      problems.push(...result.problems);
      continue;
    }
    const other = files.get(result.framework.id);
    if (other)
      problems.push({
        file,
        ...frameworkProblem(FRAMEWORK_ENTRY, 'id', 'DUPLICATE_ID', { id: result.framework.id, other }),
      });
    files.set(result.framework.id, file);
    frameworks.push(result.framework);
  }
  if (problems.length > 0) throw new FrameworkFileError(problems);
  return frameworks;
}

function parseFrameworkFile(file: string): { framework: Framework } | { problems: FrameworkFileProblem[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return {
      problems: [{ file, ...frameworkProblem('', '', 'UNREADABLE', { detail: (err as Error).message }) }],
    };
  }
  return parseFrameworkText(text, file);
}

/** Parses framework JSON from any source (a file, an uploaded import); `file` names it in problems. */
export function readFrameworkText(text: string, file: string): Framework {
  const result = parseFrameworkText(text, file);
  if ('problems' in result) throw new FrameworkFileError(result.problems);
  return result.framework;
}

function parseFrameworkText(
  text: string,
  file: string,
): { framework: Framework } | { problems: FrameworkFileProblem[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return {
      problems: [{ file, ...frameworkProblem('', '', 'NOT_JSON', { detail: (err as Error).message }) }],
    };
  }

  const parsed = frameworkSchema.safeParse(raw);
  const shapeProblems = parsed.success
    ? []
    : parsed.error.issues.flatMap((issue) => describeIssue(raw, issue));
  // Cross-references are checked even when the shape is wrong, on whatever entries are there, so that one run
  // reports everything; a field already reported by the schema is not reported twice.
  const candidate = parsed.success ? parsed.data : salvage(raw);
  const reported = new Set(shapeProblems.map((p) => `${p.entry}|${p.field.split('.')[0]}`));
  // A reference into a list that is itself missing or not a list says nothing new.
  const brokenLists = new Set(shapeProblems.filter((p) => p.entry === FRAMEWORK_ENTRY).map((p) => p.field));
  const ruleProblems = candidate
    ? checkFramework(candidate).filter(
        (p) =>
          !reported.has(`${p.entry}|${p.field.split('.')[0]}`) &&
          !brokenLists.has(REFERENCED_LIST[p.field] ?? ''),
      )
    : [];

  const problems = [...shapeProblems, ...ruleProblems].map((p) => ({ file, ...p }));
  if (problems.length > 0 || !parsed.success) return { problems };
  return { framework: parsed.data };
}

/** A zod issue as problems named like checkFramework's: entry `skillSets[2] (DT)`, field `name.th`. */
function describeIssue(raw: unknown, issue: z.core.$ZodIssue): FrameworkProblem[] {
  const where = locate(raw, issue.path);
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) =>
      frameworkProblem(where.entry, joinField(where.field, key), 'UNKNOWN_FIELD'),
    );
  return [
    isCode(issue.message)
      ? frameworkProblem(where.entry, where.field, issue.message)
      : frameworkProblem(where.entry, where.field, 'INVALID', { detail: issue.message }),
  ];
}

function locate(raw: unknown, issuePath: readonly PropertyKey[]): { entry: string; field: string } {
  const [head, index, ...rest] = issuePath.map(String);
  if (head !== undefined && LISTS.includes(head) && index !== undefined && /^\d+$/.test(index)) {
    const item = at(raw, head, Number(index));
    return { entry: entryName(head, Number(index), keyOf(head, item)), field: rest.join('.') };
  }
  return { entry: FRAMEWORK_ENTRY, field: issuePath.map(String).join('.') };
}

function keyOf(list: string, item: unknown): string | undefined {
  if (!isRecord(item)) return undefined;
  if (list === 'expectedRoles')
    return typeof item.group === 'string' && typeof item.stage === 'string' && item.group && item.stage
      ? `${item.group}/${item.stage}`
      : undefined;
  return typeof item.code === 'string' && item.code ? item.code : undefined;
}

function joinField(field: string, key: string): string {
  return field ? `${field}.${key}` : key;
}

function at(raw: unknown, list: string, index: number): unknown {
  if (!isRecord(raw)) return undefined;
  const items = raw[list];
  return Array.isArray(items) ? items[index] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whatever can be cross-checked in a file that failed the schema: the top-level id and version and, for each list,
 * the entries that are objects, with only their string codes and references (anything else left empty).
 */
function salvage(raw: unknown): Framework | undefined {
  if (!isRecord(raw)) return undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const items = (name: string) =>
    (Array.isArray(raw[name]) ? (raw[name] as unknown[]) : []).map((v) => (isRecord(v) ? v : {}));
  const none = { th: '', en: '' };
  return {
    id: str(raw.id),
    version: str(raw.version),
    name: none,
    source: none,
    notes: none,
    dimensions: items('dimensions').map((d) => ({ code: str(d.code), name: none, description: none })),
    skillSets: items('skillSets').map((s) => ({
      code: str(s.code),
      dimension: str(s.dimension),
      name: none,
      description: none,
      foundational: false,
    })),
    areas: items('areas').map((a) => ({
      code: str(a.code),
      skillSet: str(a.skillSet),
      name: none,
      description: none,
    })),
    targetGroups: items('targetGroups').map((g) => ({ code: str(g.code), name: none, definition: none })),
    stages: items('stages').map((s) => {
      const years = isRecord(s.years) ? s.years : {};
      const num = (v: unknown) => (typeof v === 'number' ? v : Number.NaN);
      return {
        code: str(s.code),
        name: none,
        years: { from: num(years.from), to: num(years.to) },
        description: none,
      };
    }),
    expectedRoles: items('expectedRoles').map((r) => ({
      group: str(r.group),
      stage: str(r.stage),
      role: none,
    })),
  };
}
