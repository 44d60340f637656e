import path from 'node:path';
import { z } from 'zod';
import type { Framework } from '../domain/framework/framework';
import { checkLevelDescriptors, type LevelDescriptors } from '../domain/framework/level-descriptors';
import { projectRoot } from '../shared/paths';
import { readJsonDir } from './json-files';

export function defaultLevelDescriptorsDir(): string {
  return path.join(projectRoot(), 'config', 'level-descriptors');
}

/** Every problem in the level descriptor files, one line each: `<file>: <field>: <message>`. */
export class LevelDescriptorsFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'LevelDescriptorsFileError';
  }
}

const text = z.string().trim().min(1, 'must not be empty');
const bilingual = z.strictObject({ th: text, en: text }, { error: 'must be { "th": …, "en": … }' });
const descriptor = z.strictObject({
  short: bilingual,
  full: bilingual,
  verified: z.boolean().optional(),
  reason: bilingual.optional(),
  sources: z.array(text).optional(),
});
const source = z.strictObject({
  id: text,
  url: z.url({ protocol: /^https$/, error: 'must be an https address' }),
  title: text,
  seen: z.iso.date({ error: 'must be the ISO date the page was read' }),
});
const schema = z.strictObject({
  frameworks: z.array(text).min(1),
  source: bilingual,
  /** The public sources cited by the descriptors (`sources: [id]`), each with the day it was read. */
  sources: z.array(source).optional(),
  levels: text,
  skillSets: z.record(z.string(), z.array(descriptor)),
});

/**
 * config/level-descriptors/*.json: what each self-assessment level means per skill set, for one or more frameworks
 * that share their skill set codes. A framework without a file shows its levels without descriptors. A file naming
 * a framework that is not loaded, an unknown skill set, or the wrong number of levels stops start-up.
 */
export function readLevelDescriptorsDir(
  frameworks: readonly Framework[],
  dir: string = defaultLevelDescriptorsDir(),
): Map<string, LevelDescriptors> {
  const byId = new Map(frameworks.map((f) => [f.id, f]));
  const result = new Map<string, LevelDescriptors>();
  const problems: string[] = [];
  for (const { file, data } of readJsonDir(dir, schema, problems)) {
    for (const id of data.frameworks) {
      const f = byId.get(id);
      if (!f) {
        problems.push(`${file}: frameworks: no framework "${id}" is loaded`);
        continue;
      }
      if (result.has(id)) {
        problems.push(`${file}: frameworks: another file already describes "${id}"`);
        continue;
      }
      const found = checkLevelDescriptors(f, data.skillSets, data.sources);
      problems.push(...found.map((p) => `${file}: ${p}`));
      if (found.length === 0)
        result.set(id, {
          source: data.source,
          ...(data.sources ? { sources: data.sources } : {}),
          skillSets: new Map(Object.entries(data.skillSets)),
        });
    }
  }
  if (problems.length > 0) throw new LevelDescriptorsFileError(problems);
  return result;
}
