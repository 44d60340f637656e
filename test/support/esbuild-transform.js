// Jest transformer: TypeScript to CommonJS with esbuild (already here for tsx). It replaces @swc/jest, whose
// per-platform binaries the package registry these machines use does not serve, which broke `npm ci`.
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: filename,
    });
    return { code, map };
  },
};
