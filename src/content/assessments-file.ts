import path from 'node:path';
import { z } from 'zod';
import { checkAssessments, type Assessment } from '../domain/assessment/eligibility';
import type { Bilingual, Framework } from '../domain/framework/framework';
import { projectRoot } from '../shared/paths';
import { readJsonDir } from './json-files';

export interface AssessmentSet {
  framework: string;
  isDefault: boolean;
  note: Bilingual;
  assessments: Assessment[];
}

export function defaultAssessmentsDir(): string {
  return path.join(projectRoot(), 'config', 'assessments');
}

export class AssessmentsFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'AssessmentsFileError';
  }
}

const text = z.string().trim().min(1, 'must not be empty');
const bilingual = z.strictObject({ th: text, en: text }, { error: 'must be { "th": …, "en": … }' });
const shares = z.partialRecord(z.enum(['70', '20', '10']), z.number());
const rule = z.strictObject({
  skillSets: z
    .array(z.strictObject({ skillSet: text, minHours: z.number(), minShare: shares.optional() }))
    .optional(),
  minShare: shares.optional(),
  requiredModules: z.array(text).optional(),
  selfAssessmentWithinMonths: z.number().optional(),
  recencyMonths: z.number().optional(),
  certifications: z.array(z.strictObject({ code: text, minLevel: z.number().optional() })).optional(),
});
const schema = z.strictObject({
  framework: text,
  isDefault: z.boolean({ error: 'must be true or false' }),
  note: bilingual,
  assessments: z.array(
    z.strictObject({
      code: z.string().regex(/^[A-Z][A-Z0-9-]{1,39}$/, 'must be upper-case letters, digits and hyphens'),
      name: bilingual,
      certificate: bilingual.optional(),
      description: bilingual,
      rules: z.record(z.string(), rule),
    }),
  ),
});

/**
 * config/assessments/*.json: the assessments of a framework with their eligibility rules per target group. A file
 * whose codes, hours, shares or modules are wrong stops start-up, naming the file, the entry and the field.
 */
export function readAssessmentsDir(
  frameworks: readonly Framework[],
  moduleSlugs: ReadonlySet<string>,
  dir = defaultAssessmentsDir(),
): Map<string, AssessmentSet> {
  const result = new Map<string, AssessmentSet>();
  const problems: string[] = [];
  for (const { file, data } of readJsonDir(dir, schema, problems)) {
    const set = data as unknown as AssessmentSet;
    const f = frameworks.find((x) => x.id === set.framework);
    if (!f) {
      problems.push(`${file}: framework: no framework "${set.framework}" is loaded`);
      continue;
    }
    for (const p of checkAssessments(
      set.assessments,
      new Set(f.skillSets.map((s) => s.code)),
      new Set(f.targetGroups.map((g) => g.code)),
      moduleSlugs,
    ))
      problems.push(`${file}: ${p.entry}: ${p.field}: ${p.message}`);
    result.set(set.framework, set);
  }
  if (problems.length) throw new AssessmentsFileError(problems);
  return result;
}
