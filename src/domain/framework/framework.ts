/**
 * The digital skills framework as data: learning dimensions holding skill sets (some split into areas), target
 * groups, stages and the role expected of each group at each stage. The shipped frameworks live in
 * config/frameworks/*.json (the OCSC guideline and the teacher variant); this file only knows their shape and rules.
 */

export type Bilingual = { th: string; en: string };

export type Locale = keyof Bilingual;

/** มิติการเรียนรู้: a learning dimension (D1..D5 in the OCSC guideline). */
export interface Dimension {
  code: string;
  name: Bilingual;
  description: Bilingual;
}

/** กลุ่มทักษะ: a skill set, in exactly one dimension. */
export interface SkillSet {
  code: string;
  /** Code of its dimension. */
  dimension: string;
  name: Bilingual;
  description: Bilingual;
  /** Every official should be developed in it (Digital Literacy and Digital Governance). */
  foundational: boolean;
}

/** ด้าน: an area of a skill set (the nine Digital Literacy areas). */
export interface Area {
  code: string;
  /** Code of its skill set. */
  skillSet: string;
  name: Bilingual;
  description: Bilingual;
}

/** กลุ่มเป้าหมาย: who a learner is for development purposes. */
export interface TargetGroup {
  code: string;
  name: Bilingual;
  definition: Bilingual;
}

/** ระยะ: a stage of the transformation, counted in years. */
export interface Stage {
  code: string;
  name: Bilingual;
  years: { from: number; to: number };
  description: Bilingual;
}

/** บทบาทและพฤติกรรมที่คาดหวัง: what a group is expected to be at a stage. */
export interface ExpectedRole {
  group: string;
  stage: string;
  role: Bilingual;
}

export interface Framework {
  /** Lower-case kebab-case; also the prefix of every Moodle ID number exported from it. */
  id: string;
  /** Semantic version of the file's content, e.g. 1.0.0. */
  version: string;
  name: Bilingual;
  source: Bilingual;
  notes: Bilingual;
  dimensions: Dimension[];
  skillSets: SkillSet[];
  areas: Area[];
  targetGroups: TargetGroup[];
  stages: Stage[];
  expectedRoles: ExpectedRole[];
}

/**
 * One broken rule. `entry` says which item (`skillSets[2] (DT)`, or `framework` for top-level fields), `field`
 * the dotted path inside it (`dimension`, `name.th`).
 */
export interface FrameworkProblem {
  entry: string;
  field: string;
  /** In English, for start-up errors and logs; pages say `code` in the reader's language. */
  message: string;
  code: FrameworkProblemCode;
  params?: Record<string, string | number>;
}

/** Every rule a framework can break, with its English sentence ({name} filled from params). */
export const FRAMEWORK_PROBLEM_TEXT = {
  // the file's shape
  NOT_JSON: 'not valid JSON ({detail})',
  NOT_JSON_OBJECT: 'must be a JSON object',
  REQUIRED: 'required',
  NOT_TEXT: 'must be text',
  EMPTY: 'must not be empty',
  NOT_BILINGUAL: 'must be an object { "th": ..., "en": ... }',
  NOT_NUMBER: 'must be a number',
  NOT_WHOLE_NUMBER: 'must be a whole number',
  NOT_OBJECT: 'must be an object',
  NOT_LIST: 'must be a list',
  NOT_BOOLEAN: 'must be true or false',
  UNKNOWN_FIELD: 'unknown field',
  INVALID: 'invalid value ({detail})',
  UNREADABLE: 'cannot be read ({detail})',
  DUPLICATE_ID: '"{id}" is also the id in {other}',
  // the rules
  ID_FORMAT: 'must be lower-case letters, digits and single hyphens, e.g. teacher-digital-skills',
  ID_TOO_LONG: 'must be at most {max} characters',
  VERSION_FORMAT: 'must be a semantic version MAJOR.MINOR.PATCH, e.g. 1.0.0',
  CODE_FORMAT: 'must be upper-case letters, digits and single hyphens, starting with a letter (e.g. DL-WORD)',
  CODE_TOO_LONG: 'must be at most {max} characters',
  CODE_DUPLICATE: 'duplicate: {other} has the same code',
  CODE_IN_TREE: 'already used by {other}; dimension, skill set and area codes must all differ',
  UNKNOWN_DIMENSION: 'unknown dimension "{value}"',
  UNKNOWN_SKILL_SET: 'unknown skill set "{value}"',
  UNKNOWN_GROUP: 'unknown target group "{value}"',
  UNKNOWN_STAGE: 'unknown stage "{value}"',
  YEARS_FROM_MIN: 'must be 1 or more',
  YEARS_TO_BEFORE_FROM: 'must not be before years.from ({from})',
  YEARS_OVERLAP: 'overlaps the years of {other}',
  ROLE_DUPLICATE: 'duplicate: {other} already gives the role of {group} at {stage}',
} as const;

export type FrameworkProblemCode = keyof typeof FRAMEWORK_PROBLEM_TEXT;

/** A problem with its English sentence. */
export function frameworkProblem(
  entry: string,
  field: string,
  code: FrameworkProblemCode,
  params: Record<string, string | number> = {},
): FrameworkProblem {
  const message = FRAMEWORK_PROBLEM_TEXT[code].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
  return { entry, field, message, code, ...(Object.keys(params).length ? { params } : {}) };
}

export type FrameworkList =
  'dimensions' | 'skillSets' | 'areas' | 'targetGroups' | 'stages' | 'expectedRoles';

/** How problems name an item: `skillSets[2] (DT)`; `expectedRoles[0] (EXEC/EARLY)`; without a key, `areas[4]`. */
export function entryName(list: FrameworkList | string, index: number, key?: string): string {
  return key ? `${list}[${index}] (${key})` : `${list}[${index}]`;
}

/** Top-level fields (id, version, name...) are reported against this entry. */
export const FRAMEWORK_ENTRY = 'framework';

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$/;
// Semantic Versioning 2.0.0, section 2 (MAJOR.MINOR.PATCH, no leading zeros) plus optional pre-release and build.
const SEMVER_PATTERN =
  /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
// Moodle keeps ID numbers to 100 characters (framework_importer shortens longer ones) and ours are `<id>/<code>`.
const MAX_ID_LENGTH = 59;
const MAX_CODE_LENGTH = 40;

const roleKey = (r: ExpectedRole) => `${r.group}/${r.stage}`;

/**
 * Cross-references and invariants that a schema cannot express. Shape (required fields, types, non-empty text)
 * is the edge's job; this tolerates missing codes so that it can run alongside the edge's checks.
 */
export function checkFramework(f: Framework): FrameworkProblem[] {
  const problems: FrameworkProblem[] = [];
  const at = (
    entry: string,
    field: string,
    code: FrameworkProblemCode,
    params?: Record<string, string | number>,
  ) => problems.push(frameworkProblem(entry, field, code, params));

  if (!ID_PATTERN.test(f.id ?? '')) at(FRAMEWORK_ENTRY, 'id', 'ID_FORMAT');
  else if (f.id.length > MAX_ID_LENGTH) at(FRAMEWORK_ENTRY, 'id', 'ID_TOO_LONG', { max: MAX_ID_LENGTH });
  if (!SEMVER_PATTERN.test(f.version ?? '')) at(FRAMEWORK_ENTRY, 'version', 'VERSION_FORMAT');

  // Dimensions, skill sets and areas become one Moodle competency tree whose ID numbers are `<id>/<code>`, so
  // their codes must not collide across the three lists either.
  const treeCodes = new Map<string, string>();
  const checkCodes = (list: FrameworkList, items: readonly { code: string }[], inTree: boolean) => {
    const seen = new Map<string, string>();
    items.forEach((item, i) => {
      const code = item.code;
      const entry = entryName(list, i, code);
      if (!code) return;
      if (!CODE_PATTERN.test(code)) {
        at(entry, 'code', 'CODE_FORMAT');
      } else if (code.length > MAX_CODE_LENGTH) {
        at(entry, 'code', 'CODE_TOO_LONG', { max: MAX_CODE_LENGTH });
      }
      const first = seen.get(code);
      if (first) {
        at(entry, 'code', 'CODE_DUPLICATE', { other: first });
        return;
      }
      seen.set(code, entry);
      if (!inTree) return;
      const other = treeCodes.get(code);
      if (other) at(entry, 'code', 'CODE_IN_TREE', { other });
      else treeCodes.set(code, entry);
    });
    return new Set(seen.keys());
  };

  const dimensions = checkCodes('dimensions', f.dimensions ?? [], true);
  const skillSets = checkCodes('skillSets', f.skillSets ?? [], true);
  checkCodes('areas', f.areas ?? [], true);
  const groups = checkCodes('targetGroups', f.targetGroups ?? [], false);
  const stages = checkCodes('stages', f.stages ?? [], false);

  (f.skillSets ?? []).forEach((s, i) => {
    if (s.dimension && !dimensions.has(s.dimension))
      at(entryName('skillSets', i, s.code), 'dimension', 'UNKNOWN_DIMENSION', { value: s.dimension });
  });
  (f.areas ?? []).forEach((a, i) => {
    if (a.skillSet && !skillSets.has(a.skillSet))
      at(entryName('areas', i, a.code), 'skillSet', 'UNKNOWN_SKILL_SET', { value: a.skillSet });
  });

  const ordered = (f.stages ?? [])
    .map((s, i) => ({ s, entry: entryName('stages', i, s.code) }))
    .filter(({ s }) => Number.isInteger(s.years?.from) && Number.isInteger(s.years?.to));
  for (const { s, entry } of ordered) {
    if (s.years.from < 1) at(entry, 'years.from', 'YEARS_FROM_MIN');
    if (s.years.to < s.years.from) at(entry, 'years.to', 'YEARS_TO_BEFORE_FROM', { from: s.years.from });
  }
  ordered.forEach(({ s, entry }, i) => {
    const overlapping = ordered.find(
      (o, j) => j < i && o.s.years.from <= s.years.to && s.years.from <= o.s.years.to,
    );
    if (overlapping) at(entry, 'years', 'YEARS_OVERLAP', { other: overlapping.entry });
  });

  const roles = new Map<string, string>();
  (f.expectedRoles ?? []).forEach((r, i) => {
    const entry = entryName('expectedRoles', i, r.group && r.stage ? roleKey(r) : undefined);
    if (r.group && !groups.has(r.group)) at(entry, 'group', 'UNKNOWN_GROUP', { value: r.group });
    if (r.stage && !stages.has(r.stage)) at(entry, 'stage', 'UNKNOWN_STAGE', { value: r.stage });
    if (!r.group || !r.stage) return;
    const first = roles.get(roleKey(r));
    if (first) at(entry, 'group/stage', 'ROLE_DUPLICATE', { other: first, group: r.group, stage: r.stage });
    else roles.set(roleKey(r), entry);
  });

  return problems;
}

/** The expected role of a group at a stage, if the framework gives one. */
export function expectedRoleOf(f: Framework, group: string, stage: string): ExpectedRole | undefined {
  return f.expectedRoles.find((r) => r.group === group && r.stage === stage);
}
