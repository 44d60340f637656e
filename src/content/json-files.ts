import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';

/**
 * Every *.json in a folder (sorted; none when the folder is missing), each parsed and checked against a schema.
 * Problems are collected as `<file>: <field path>: <message>` lines so that start-up can name them all at once.
 */
export function readJsonDir<T>(
  dir: string,
  schema: z.ZodType<T>,
  problems: string[],
): Array<{ file: string; data: T }> {
  const names = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((n) => n.endsWith('.json'))
        .sort()
    : [];
  const out: Array<{ file: string; data: T }> = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    } catch (err) {
      problems.push(`${file}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${file}: ${issue.path.join('.') || 'file'}: ${issue.message}`);
      continue;
    }
    out.push({ file, data: parsed.data });
  }
  return out;
}
