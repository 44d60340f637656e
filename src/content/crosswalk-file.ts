import path from 'node:path';
import { z } from 'zod';
import { checkCrosswalk, type Crosswalk } from '../domain/framework/crosswalk';
import type { Framework } from '../domain/framework/framework';
import { projectRoot } from '../shared/paths';
import { readJsonDir } from './json-files';

export function defaultCrosswalkDir(): string {
  return path.join(projectRoot(), 'config', 'crosswalks');
}

/** Every problem in the crosswalk files, one line each: `<file>: <entry>: <field>: <message>`. */
export class CrosswalkFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'CrosswalkFileError';
  }
}

const text = z.string().trim().min(1, 'must not be empty');
const bilingual = z.strictObject({ th: text, en: text }, { error: 'must be { "th": …, "en": … }' });
const schema = z.strictObject({
  id: text,
  version: text,
  a: text,
  b: text,
  note: bilingual,
  links: z.array(
    z.strictObject({
      level: z.enum(['skillSet', 'area']),
      a: text,
      b: text,
      towards: z.enum(['both', 'a', 'b']),
      basis: bilingual,
    }),
  ),
});

/**
 * config/crosswalks/*.json: reviewed links between two loaded frameworks. A file naming a framework that is not
 * loaded, an unknown code, or a code counting twice towards the other side stops start-up with every problem named.
 */
export function readCrosswalkDir(
  frameworks: readonly Framework[],
  dir: string = defaultCrosswalkDir(),
): Map<string, Crosswalk> {
  const byId = new Map(frameworks.map((f) => [f.id, f]));
  const result = new Map<string, Crosswalk>();
  const problems: string[] = [];
  for (const { file, data } of readJsonDir(dir, schema, problems)) {
    const fa = byId.get(data.a);
    const fb = byId.get(data.b);
    if (!fa || !fb) {
      problems.push(
        `${file}: crosswalk: ${fa ? 'b' : 'a'}: no framework "${fa ? data.b : data.a}" is loaded`,
      );
      continue;
    }
    if (result.has(data.id)) {
      problems.push(`${file}: crosswalk: id: another file already has the id "${data.id}"`);
      continue;
    }
    for (const p of checkCrosswalk(data, fa, fb))
      problems.push(`${file}: ${p.entry}: ${p.field}: ${p.message}`);
    result.set(data.id, data);
  }
  if (problems.length > 0) throw new CrosswalkFileError(problems);
  return result;
}
