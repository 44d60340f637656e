import fs from 'node:fs';
import path from 'node:path';
import { messageKeys, LOCALES } from '../../src/i18n/i18n';

/**
 * The templates' {{t "key"}} calls are strings the type checker cannot see: every key they name must be in both
 * message files (a missing one would show the bare key on the page).
 */
const viewsDir = path.join(__dirname, '..', '..', 'views');

function templates(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return templates(full);
    return e.name.endsWith('.hbs') ? [full] : [];
  });
}

/** `{{t "key"`, `{{#t "key"` and `(t "key"` (a subexpression), with either quote. */
const KEY_CALL = /(?:\{\{~?#?|\()\s*t\s+(["'])([^"']+)\1/g;

function keysUsed(): Array<{ file: string; key: string }> {
  return templates(viewsDir).flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(KEY_CALL)].map((m) => ({
      file: path.relative(viewsDir, file),
      key: m[2]!,
    })),
  );
}

describe('message keys in views', () => {
  it('finds the keys the templates use', () => {
    // A guard on the pattern itself: the views use hundreds of keys, among them the layout's.
    const used = keysUsed();
    expect(used.length).toBeGreaterThan(300);
    expect(used).toContainEqual({ file: path.join('layouts', 'main.hbs'), key: 'app.name' });
  });

  it.each(LOCALES)('every key a template uses is in %s.json', (locale) => {
    const known = new Set(messageKeys(locale));
    const missing = keysUsed().filter((u) => !known.has(u.key));
    expect(missing).toEqual([]);
  });

  it('a key a template builds (entry-notes reasonKey) is one of the keys the view model can give', () => {
    // Templates name keys only as literals, except {{t reasonKey}} in partials/entry-notes.hbs, whose values
    // come from a typed map in src/http/view-models/entry-notes.view-model.ts.
    const dynamic = templates(viewsDir).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/(?:\{\{~?#?|\()\s*t\s+([A-Za-z][\w.]*)/g)].map((m) => ({
        file: path.relative(viewsDir, file),
        name: m[1]!,
      })),
    );
    expect(dynamic).toEqual([{ file: path.join('partials', 'entry-notes.hbs'), name: 'reasonKey' }]);
  });
});
