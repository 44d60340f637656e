import fs from 'node:fs';
import path from 'node:path';
// A development script that writes src/http/icons.ts from the names the pages use: it serves no page.
// eslint-disable-next-line no-restricted-imports
import { ICON_NAMES } from '../http/icon-names';
import { projectRoot } from '../shared/paths';

/**
 * `npm run icons`: writes src/http/icons.ts, the drawings of the icons named in src/http/icon-names.ts, copied from
 * the lucide-static package (a development dependency: the running tool carries only the few it shows).
 * test/unit/icons.test.ts checks that the file matches the package.
 */

/** The elements inside an icon's <svg>, on one line: what the layout puts in its own <svg>. */
export function lucideDrawing(root = projectRoot(), name: string): string {
  const file = path.join(root, 'node_modules', 'lucide-static', 'icons', `${name}.svg`);
  const svg = fs.readFileSync(file, 'utf8');
  const inner = /<svg[^>]*>([\s\S]*)<\/svg>/.exec(svg)?.[1];
  if (inner === undefined) throw new Error(`No <svg> in ${file}`);
  return inner
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('');
}

export function lucideVersion(root = projectRoot()): string {
  const pkg = JSON.parse(
    fs.readFileSync(path.join(root, 'node_modules', 'lucide-static', 'package.json'), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

export function iconsModule(root = projectRoot()): string {
  const lines = ICON_NAMES.map((name) => `  '${name}': '${lucideDrawing(root, name)}',`);
  return [
    `// Written by \`npm run icons\` from lucide-static ${lucideVersion(root)} (ISC licence); do not edit.`,
    "import type { IconName } from './icon-names';",
    '',
    "export type { IconName } from './icon-names';",
    '',
    "/** Each icon's drawing: the elements of its 24 × 24 <svg>, stroked in currentColor. */",
    'export const ICON_DRAWINGS: Readonly<Record<IconName, string>> = {',
    ...lines,
    '};',
    '',
  ].join('\n');
}

if (require.main === module) {
  const target = path.join(projectRoot(), 'src', 'http', 'icons.ts');
  fs.writeFileSync(target, iconsModule());
  process.stdout.write(`Wrote ${ICON_NAMES.length} icons to ${path.relative(process.cwd(), target)}\n`);
}
