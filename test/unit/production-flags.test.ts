import fs from 'node:fs';
import path from 'node:path';
import { PRODUCTION_NODE_FLAGS } from '../../bench/launch.bench';
import { entryArgs, PRODUCTION_ENTRY } from '../../bench/production-build';

// The benchmark measures the tool as production runs it: the Dockerfile, start:prod and the bench agree.
const ROOT = path.resolve(__dirname, '../..');

describe('the flags production runs node with', () => {
  it('are the same in the Dockerfile, npm run start:prod and the benchmark', () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    // The last stage's CMD (the HEALTHCHECK's own CMD is indented).
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    expect(JSON.parse(cmd![1]!)).toEqual(['node', ...PRODUCTION_NODE_FLAGS, PRODUCTION_ENTRY]);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['start:prod']).toBe(['node', ...PRODUCTION_NODE_FLAGS, PRODUCTION_ENTRY].join(' '));
  });

  it('the benchmark starts the compiled build, as they do, not the sources through tsx', () => {
    // tsx's loader thread and transformed sources cost 63 MB of RSS that production never carries (#20).
    expect(entryArgs(PRODUCTION_ENTRY)).toEqual([path.join(ROOT, 'dist/src/main.js')]);
    expect(entryArgs(PRODUCTION_ENTRY).join(' ')).not.toMatch(/tsx/);
  });
});
