import { lucideDrawing } from '../../src/cli/icons';
import { ICON_NAMES } from '../../src/http/icon-names';
import { ICON_DRAWINGS } from '../../src/http/icons';

describe('icons (src/http/icons.ts, written by npm run icons)', () => {
  it('draws every icon the pages name exactly as the lucide-static package does', () => {
    expect(Object.keys(ICON_DRAWINGS).sort()).toEqual([...ICON_NAMES].sort());
    for (const name of ICON_NAMES)
      expect([name, ICON_DRAWINGS[name]]).toEqual([name, lucideDrawing(undefined, name)]);
  });

  it('holds only drawing elements: no script, no event handler, no outside reference', () => {
    for (const drawing of Object.values(ICON_DRAWINGS)) {
      expect(drawing).toMatch(
        /^(<(path|circle|rect|line|polyline|polygon|ellipse)( [a-z][a-z0-9-]*="[-0-9a-zA-Z .,]*")* \/>)+$/,
      );
    }
  });
});
