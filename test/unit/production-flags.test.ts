import fs from 'node:fs';
import path from 'node:path';
import { PRODUCTION_NODE_FLAGS } from '../../bench/launch.bench';

// The benchmark measures the tool as production runs it: the Dockerfile, start:prod and the bench agree.
const ROOT = path.resolve(__dirname, '../..');

describe('the flags production runs node with', () => {
  it('are the same in the Dockerfile, npm run start:prod and the benchmark', () => {
    const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    // The last stage's CMD (the HEALTHCHECK's own CMD is indented).
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    expect(JSON.parse(cmd![1]!)).toEqual(['node', ...PRODUCTION_NODE_FLAGS, 'dist/src/main.js']);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['start:prod']).toBe(['node', ...PRODUCTION_NODE_FLAGS, 'dist/src/main.js'].join(' '));
  });
});
