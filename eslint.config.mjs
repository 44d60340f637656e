import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layer rules (DESIGN.md "Layers", docs/architecture.md): domain is pure; use-cases import domain, their ports and
// shared only; http imports only types from domain and never db; lti and shared never import db; no folder of src/
// imports ltijs (the tool owns its launch, docs/decisions/0001-own-the-launch.md: ltijs is only the benchmark's
// reference, bench/); only config/env.ts reads process.env. test/unit/layer-rules.test.ts shows each rule refusing
// a forbidden import. A later block for the same files replaces no-restricted-imports, so each folder's block
// names the ltijs ban again.
const restrict = (patterns, message) => [
  'error',
  { patterns: patterns.map((p) => (Array.isArray(p) ? { group: p, message } : { ...p, message })) },
];
const LTIJS = ['ltijs', 'ltijs/*'];
const FOLDERS = [
  'app',
  'cli',
  'config',
  'content',
  'db',
  'demo',
  'domain',
  'http',
  'i18n',
  'lti',
  'shared',
  'use-cases',
];
/** Relative imports of the given folders of src/ (from any depth). */
const layer = (...folders) => folders.flatMap((f) => [`**/${f}`, `**/${f}/**`, `../${f}`, `./${f}`]);
/** Relative imports of every folder of src/ but the given ones. */
const other = (...allowed) => layer(...FOLDERS.filter((f) => !allowed.includes(f)));
/**
 * Relative imports of a folder of src/ except the named modules of it. A regex, since a glob cannot let a file
 * through below a folder it refuses. A few pure modules cross a layer this way: the domain takes the branded ids
 * (shared/ids.ts: types and checking constructors, no I/O), so that its rules say TenantId and PersonId, and two
 * formats it shares with the pages (shared/csv.ts, the one CSV writer, for Moodle's competency file; and
 * shared/hours-text.ts, hours as typed, for the plan form); the one schema of a fiscal year
 * (shared/fiscal-year-schema.ts) takes the domain's rule and bounds, so that the bounds live once
 * (src/domain/learning-record/fiscal-year.ts).
 */
const layerExcept = (folder, ...allowed) => ({
  regex: `^(\\.{1,2}/)+(.*/)?${folder}(/(?!(${allowed.join('|')})$).*)?$`,
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', 'bench/bare-ltijs-tool.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config/env.ts' },
      ],
    },
  },
  {
    files: ['src/main.ts', 'src/config/env.ts', 'src/cli/**', 'test/**', 'bench/**', 'jest.config.js'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          [
            'express',
            'ltijs',
            'ltijs/*',
            'pg',
            '@electric-sql/*',
            'pino',
            'zod',
            'node:*',
            ...other('domain', 'shared'),
          ],
          layerExcept('shared', 'ids', 'csv', 'hours-text'),
        ],
        'domain/ is pure TypeScript: no I/O, frameworks or other layers',
      ),
    },
  },
  {
    files: ['src/use-cases/**'],
    rules: {
      'no-restricted-imports': restrict(
        [[...LTIJS, 'express', 'pg', '@electric-sql/*', ...other('use-cases', 'domain', 'shared')]],
        'use-cases/ import domain/, their ports and shared/ only: storage and HTTP come in through the deps object',
      ),
      // A use case returns what a page needs; it does not hand domain values on for http/ to call, which would
      // undo http/'s rule (types only from domain/) under another name. Re-exports and aliases are refused; a
      // wrapper function that only calls a domain function is not something a selector can tell from a use case.
      'no-restricted-syntax': [
        'error',
        ...[
          "ExportNamedDeclaration[exportKind='value'][source.value=/domain/]",
          "ExportAllDeclaration[exportKind='value'][source.value=/domain/]",
          "ExportNamedDeclaration:not([source]) > ExportSpecifier[exportKind='value']",
          "ExportNamedDeclaration > VariableDeclaration > VariableDeclarator[init.type='Identifier']",
          "ExportNamedDeclaration > VariableDeclaration > VariableDeclarator[init.type='MemberExpression']",
        ].map((selector) => ({
          selector,
          message:
            'use-cases/ do not pass domain values on: return what the page needs (http/ takes only types from domain/)',
        })),
      ],
    },
  },
  {
    files: ['src/http/**'],
    rules: {
      'no-restricted-imports': restrict(
        [[...LTIJS, 'pg', '@electric-sql/*', ...layer('db', 'cli')]],
        'http/ reaches storage through use-cases/ only, and never imports ltijs (the launch is src/lti/)',
      ),
      // A route parses, calls one use case and renders: a domain rule it needs is the use case's to apply.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: layer('domain'),
              allowTypeImports: true,
              message:
                'http/ imports only types from domain/: call a use case (or a view model) for its rules',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/db/**'],
    rules: {
      'no-restricted-imports': restrict(
        [[...LTIJS, 'express', ...layer('http', 'lti', 'cli', 'demo')]],
        'db/ implements the ports: it must not depend on http/, lti/ or the CLI',
      ),
    },
  },
  {
    // lti/ implements ports (the AGS client is a ScoreSender): it may import their types from use-cases/.
    files: ['src/lti/**'],
    rules: {
      'no-restricted-imports': restrict(
        [[...LTIJS, ...layer('db', 'http', 'cli', 'demo', 'content')]],
        'lti/ never imports db/ (nor http/, the CLI or ltijs): it receives what it needs',
      ),
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          [...LTIJS, ...layer('db', 'http', 'lti', 'use-cases', 'cli', 'demo', 'content', 'config')],
          layerExcept('domain', 'learning-record/fiscal-year'),
        ],
        'shared/ is the bottom layer: it imports no other folder of ours',
      ),
    },
  },
  {
    files: ['src/config/**', 'src/content/**'],
    rules: {
      'no-restricted-imports': restrict(
        [[...LTIJS, 'express', 'pg', '@electric-sql/*', ...layer('db', 'http', 'lti', 'cli', 'demo')]],
        'config/ and content/ read the environment and the shipped files into checked values; they do not reach storage or HTTP',
      ),
    },
  },
  {
    // The CLI is a composition root like app.ts (it opens the database and wires repositories), without pages.
    files: ['src/cli/**'],
    rules: {
      'no-restricted-imports': restrict(
        [[...LTIJS, 'express', ...layer('http', 'demo')]],
        'cli/ wires db/ and config/; it serves no pages',
      ),
    },
  },
  {
    files: ['src/demo/**'],
    rules: {
      'no-restricted-imports': restrict(
        [[...LTIJS, ...layer('db', 'http', 'use-cases', 'cli', 'content')]],
        'demo/ is a stand-in LMS: it talks to the tool over HTTP only',
      ),
    },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        module: 'writable',
        require: 'readonly',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
  },
  {
    // Scripts the pages load (the CSP allows no inline script): they run in the browser.
    files: ['static/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly' } },
  },
);
