// jose ships ES modules only. Node 20 requires them as they are (require(esm)), and the tool does so at run time;
// jest's own module system, which our tests run in as CommonJS, refuses an ES module outright. So the tests get
// jose as one CommonJS bundle, built by esbuild (already here for the transform) into node_modules/.cache when
// jest reads its configuration: the same code, in the format jest can load.
const path = require('node:path');
const { buildSync } = require('esbuild');

module.exports = function joseForJest(rootDir) {
  const outfile = path.join(rootDir, 'node_modules', '.cache', 'digiskill-jest', 'jose.cjs');
  buildSync({
    entryPoints: [require.resolve('jose', { paths: [rootDir] })],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
};
