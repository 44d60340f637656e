import path from 'node:path';
import { ESLint } from 'eslint';

/**
 * The layer rules of eslint.config.mjs, run through ESLint's own API on small sources placed in each folder: a
 * forbidden import is refused with the layer's message, an allowed one passes. (The config is the repository's;
 * nothing is written to disk.)
 */
const root = path.resolve(__dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = x;\n`, {
    filePath: path.join(root, file),
  });
  return (result?.messages ?? [])
    .filter((m) => /no-restricted-imports$/.test(m.ruleId ?? ''))
    .map((m) => m.message);
}

describe('layer rules (eslint.config.mjs)', () => {
  it.each([
    ['src/http/routes/new.routes.ts', "import { x } from '../../db/database';", /http\/ reaches storage/],
    [
      'src/http/routes/new.routes.ts',
      "import { x } from '../../domain/development/plan';",
      /only types from domain/,
    ],
    ['src/use-cases/new-verb.ts', "import { x } from '../db/plan.repository';", /use-cases\/ import domain/],
    ['src/use-cases/new-verb.ts', "import { x } from '../http/pages';", /use-cases\/ import domain/],
    ['src/use-cases/new-verb.ts', "import { x } from '../config/env';", /use-cases\/ import domain/],
    ['src/use-cases/new-verb.ts', "import x from 'express';", /use-cases\/ import domain/],
    ['src/lti/new-step.ts', "import { x } from '../db/launch.repository';", /lti\/ never imports db/],
    ['src/shared/new-helper.ts', "import { x } from '../db/database';", /shared\/ is the bottom layer/],
    ['src/shared/new-helper.ts', "import { x } from '../domain/csv';", /shared\/ is the bottom layer/],
    ['src/domain/new-rule.ts', "import { x } from '../shared/logger';", /domain\/ is pure/],
    ['src/domain/new-rule.ts', "import { x } from '../use-cases/ports';", /domain\/ is pure/],
    ['src/domain/new-rule.ts', "import { x } from 'node:fs';", /domain\/ is pure/],
    ['src/config/new-file.ts', "import { x } from '../db/database';", /config\/ and content\//],
    ['src/cli/new-command.ts', "import { x } from '../http/pages';", /cli\/ wires db/],
    ['src/db/new.repository.ts', "import { x } from '../http/pages';", /db\/ implements the ports/],
    ['src/http/routes/new.routes.ts', "import { x } from 'ltijs';", /ltijs/],
    [
      'src/lti/new-step.ts',
      "import { x } from 'ltijs';",
      /lti\/ never imports db\/ \(nor http\/, the CLI or ltijs\)/,
    ],
    // The http files once exempt while they still imported domain values (issue #16 item 2 removed the list).
    ...[
      'src/http/csv.ts',
      'src/http/routes/catalogue.routes.ts',
      'src/http/routes/class.routes.ts',
      'src/http/routes/deep-linking.routes.ts',
      'src/http/routes/framework.routes.ts',
      'src/http/routes/learning-record.routes.ts',
      'src/http/routes/module-player.routes.ts',
      'src/http/routes/plan.routes.ts',
      'src/http/routes/rules.routes.ts',
      'src/http/routes/course.routes.ts',
      'src/http/view-models/activity-type.view-model.ts',
      'src/http/view-models/review-flags.view-model.ts',
    ].map((file): [string, string, RegExp] => [
      file,
      "import { x } from '../../domain/learning-record/hours';",
      /only types from domain/,
    ]),
    // The launch's files once exempt while its writes passed through db types (issue #16 item 1 removed them).
    ['src/lti/lti-app.ts', "import { x } from '../db/launch.repository';", /lti\/ never imports db/],
    ['src/shared/request-context.ts', "import { x } from '../db/database';", /shared\/ is the bottom layer/],
  ])('%s: `%s` is refused', async (file, source, message) => {
    const errors = await importErrors(file, source);
    expect(errors).toEqual([expect.stringMatching(message)]);
  });

  // A use case does not hand domain values on: http/ would import them from it under another name.
  it.each([
    ["export { x } from '../domain/development/plan';"],
    ["export * from '../domain/development/plan';"],
    ["import { planVsActual } from '../domain/development/plan';\nexport { planVsActual };"],
    ["import { planVsActual } from '../domain/development/plan';\nexport const compare = planVsActual;"],
    ["import * as plan from '../domain/development/plan';\nexport const compare = plan.planVsActual;"],
  ])('src/use-cases/new-verb.ts: a pass-through re-export `%s` is refused', async (source) => {
    const [result] = await eslint.lintText(`${source}\n`, {
      filePath: path.join(root, 'src/use-cases/new-verb.ts'),
    });
    expect((result?.messages ?? []).map((m) => m.message)).toEqual([
      expect.stringMatching(/use-cases\/ do not pass domain values on/),
    ]);
  });

  it.each([
    ["export type { PlanLine } from '../domain/development/plan';"],
    ["export type { RosterMember } from './ports';"],
    [
      "import { planVsActual } from '../domain/development/plan';\nexport function compare(a: never[]) { return planVsActual(a, new Map()).length; }",
    ],
  ])('src/use-cases/new-verb.ts: `%s` is allowed', async (source) => {
    const [result] = await eslint.lintText(`${source}\n`, {
      filePath: path.join(root, 'src/use-cases/new-verb.ts'),
    });
    expect((result?.messages ?? []).map((m) => m.message)).toEqual([]);
  });

  it.each([
    ['src/http/routes/new.routes.ts', "import type { x } from '../../domain/development/plan';"],
    ['src/http/routes/new.routes.ts', "import { x } from '../../use-cases/save-plan';"],
    ['src/use-cases/new-verb.ts', "import { x } from '../domain/development/plan';"],
    ['src/use-cases/new-verb.ts', "import type { x } from './ports';"],
    ['src/use-cases/new-verb.ts', "import type { x } from '../shared/logger';"],
    ['src/lti/new-step.ts', "import type { x } from '../use-cases/ports';"],
    ['src/db/new.repository.ts', "import type { x } from '../use-cases/ports';"],
    ['src/cli/new-command.ts', "import { x } from '../db/database';"],
    ['src/app.ts', "import { x } from './db/database';"],
    ['src/domain/new-rule.ts', "import type { x } from '../shared/ids';"],
    ['src/shared/new-schema.ts', "import { x } from '../domain/learning-record/fiscal-year';"],
  ])('%s: `%s` is allowed', async (file, source) => {
    expect(await importErrors(file, source)).toEqual([]);
  });
});
