import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { checkModule, mappingTargets, normaliseNewlines } from '../domain/catalogue/learning-module';

export { mappingTargets };
import type { CatalogueModule } from '../use-cases/ports';
import type { Framework } from '../domain/framework/framework';
import { projectRoot } from '../shared/paths';

export type { CatalogueModule };

// One-line text (titles, options, prompts) is trimmed, as the authoring form's inputs are; Markdown and the
// summary (the form's textareas) are kept as written, line breaks made LF: as the form will post them back.
const text = z
  .string()
  .trim()
  .min(1, 'required')
  .regex(/^[^\r\n]*$/, 'must be one line');
const markdown = z
  .string()
  .transform(normaliseNewlines)
  .refine((s) => s.trim() !== '', 'required');
const bilingual = z.object({ th: text, en: text }, { error: 'must be { "th": …, "en": … }' });
const bilingualMarkdown = z.object({ th: markdown, en: markdown }, { error: 'must be { "th": …, "en": … }' });
const resource = z.object({
  title: bilingual,
  url: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
});

const moduleSchema = z.object({
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case'),
  title: bilingual,
  summary: bilingualMarkdown,
  category: z.union([z.literal(70), z.literal(20), z.literal(10)], { error: 'must be 70, 20 or 10' }),
  estimatedHours: z.number().positive().max(1000),
  completionRule: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('pages') }),
    z.object({ kind: z.literal('quiz'), passPercent: z.number().int().min(1).max(100) }),
    z.object({ kind: z.literal('pages-and-quiz'), passPercent: z.number().int().min(1).max(100) }),
  ]),
  pages: z.array(z.object({ title: bilingual, body: bilingualMarkdown })),
  videos: z.array(resource).default([]),
  attachments: z.array(resource).default([]),
  quiz: z
    .object({
      questions: z.array(
        z.object({
          kind: z.enum(['single', 'multiple']),
          prompt: bilingual,
          options: z.array(z.object({ text: bilingual, correct: z.boolean(), feedback: bilingual })),
        }),
      ),
    })
    .optional(),
  mappings: z.array(
    z.object({ skillSet: z.string().min(1), area: z.string().min(1).optional(), hours: z.number() }),
  ),
});

export class CatalogueFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'CatalogueFileError';
  }
}

export function defaultCatalogueDir(): string {
  return path.join(projectRoot(), 'config', 'catalogue', 'modules');
}

/**
 * Reads every module file and checks it against the framework it maps to; all problems of all files are
 * reported at once, each naming the file and the field.
 */
export function readCatalogueDir(framework: Framework, dir = defaultCatalogueDir()): CatalogueModule[] {
  const problems: string[] = [];
  const modules: CatalogueModule[] = [];
  const targets = mappingTargets(framework);
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  for (const file of files) {
    const where = path.join(path.relative(projectRoot(), dir), file);
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    } catch (err) {
      problems.push(`${where}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    const parsed = moduleSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${where}: ${issue.path.join('.')}: ${issue.message}`);
      continue;
    }
    const m = parsed.data;
    if (`${m.slug}.json` !== file) problems.push(`${where}: slug: must match the file name`);
    for (const p of checkModule(m, targets, { forPublishing: true })) {
      problems.push(`${where}: ${p.field}: ${p.code}${p.params ? ` ${JSON.stringify(p.params)}` : ''}`);
    }
    modules.push(m);
  }
  const slugs = modules.map((m) => m.slug);
  for (const dup of new Set(slugs.filter((s, i) => slugs.indexOf(s) !== i)))
    problems.push(`${dup}: slug used twice`);
  if (problems.length) throw new CatalogueFileError(problems);
  return modules;
}
