import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layer rules (DESIGN.md "Layers"): domain is pure, lti is the only folder that imports ltijs,
// and only config/env.ts reads process.env.
const restrict = (patterns, message) => ['error', { patterns: patterns.map((group) => ({ group, message })) }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', 'bench/bare-ltijs-tool.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/config/env.ts' }],
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
        [['express', 'ltijs', 'ltijs/*', 'pg', '@electric-sql/*', 'pino', 'zod', 'node:*', '**/db/**', '**/http/**', '**/lti/**', '**/i18n/**']],
        'domain/ is pure TypeScript: no I/O, frameworks or other layers',
      ),
    },
  },
  {
    files: ['src/**'],
    ignores: ['src/lti/**'],
    rules: { 'no-restricted-imports': restrict([['ltijs', 'ltijs/*']], 'Only src/lti/ may import ltijs') },
  },
  {
    files: ['src/use-cases/**'],
    rules: { 'no-restricted-imports': restrict([['**/http/**', '**/lti/**', '**/db/**', 'express']], 'use-cases/ depends on domain and ports only') },
  },
  {
    files: ['src/http/**'],
    rules: { 'no-restricted-imports': restrict([['**/db/**', 'ltijs', 'ltijs/*']], 'http/ reaches storage through use-cases/ports only') },
  },
  {
    files: ['src/db/**'],
    rules: { 'no-restricted-imports': restrict([['**/http/**', '**/lti/**', 'express']], 'db/ must not depend on http/ or lti/') },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
  },
  {
    // Scripts the pages load (the CSP allows no inline script): they run in the browser.
    files: ['static/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly' } },
  },
);
