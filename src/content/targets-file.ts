import path from 'node:path';
import { z } from 'zod';
import type { Framework } from '../domain/framework/framework';
import { checkTargets, type DevelopmentTargets } from '../domain/learning-record/development-targets';
import { projectRoot } from '../shared/paths';
import { readJsonDir } from './json-files';

export function defaultTargetsDir(): string {
  return path.join(projectRoot(), 'config', 'targets');
}

/** Every problem in the targets files, one line each: `<file>: <entry>: <field>: <message>`. */
export class TargetsFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'TargetsFileError';
  }
}

const text = z.string().trim().min(1, 'must not be empty');
const share = z.number().int('must be a whole number').min(0).max(100);
const hours = z.number({ error: 'must be a number of hours' });
const targetsSchema = z.strictObject({
  framework: text,
  isDefault: z.boolean({ error: 'must be true or false' }),
  note: z.strictObject({ th: text, en: text }, { error: 'must be { "th": …, "en": … }' }),
  mix: z.strictObject(
    { '70': share, '20': share, '10': share },
    { error: 'must be { "70": …, "20": …, "10": … }' },
  ),
  hours: z.record(z.string(), z.record(z.string(), z.record(z.string(), hours))),
});

/**
 * Reads config/targets/*.json: one file per framework id. A file whose framework is not loaded, or whose codes,
 * hours or mix are wrong, stops start-up with every problem named by file, entry and field.
 */
export function readTargetsDir(
  frameworks: readonly Framework[],
  dir: string = defaultTargetsDir(),
): Map<string, DevelopmentTargets> {
  const byId = new Map(frameworks.map((f) => [f.id, f]));
  const result = new Map<string, DevelopmentTargets>();
  const problems: string[] = [];
  for (const { file, data } of readJsonDir(dir, targetsSchema, problems)) {
    const targets: DevelopmentTargets = {
      ...data,
      mix: { 70: data.mix['70'], 20: data.mix['20'], 10: data.mix['10'] },
    };
    const framework = byId.get(targets.framework);
    if (!framework) {
      problems.push(`${file}: targets: framework: no framework "${targets.framework}" is loaded`);
      continue;
    }
    if (result.has(targets.framework)) {
      problems.push(
        `${file}: targets: framework: another file already sets targets for "${targets.framework}"`,
      );
      continue;
    }
    for (const p of checkTargets(targets, framework))
      problems.push([file, p.entry, p.field, p.message].filter(Boolean).join(': '));
    result.set(targets.framework, targets);
  }
  if (problems.length > 0) throw new TargetsFileError(problems);
  return result;
}
