import fs from 'node:fs';
import path from 'node:path';

// The launch is the tool's own (docs/decisions/0001-own-the-launch.md): nothing shipped loads ltijs or
// jsonwebtoken, reaches into a package's private files, or replaces what another package exports. ltijs stays a
// devDependency, for the benchmark's reference tool only (bench/bare-ltijs-tool.js).

const root = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

const sources = sourceFiles(path.join(root, 'src')).map((file) => ({
  file: path.relative(root, file),
  text: fs.readFileSync(file, 'utf8'),
}));

/** Every module a source file loads: import … from, import(), require(), export … from. */
function loaded(text: string): string[] {
  const specifiers = [
    ...text.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
  ];
  return specifiers.map((m) => m[1]!);
}

describe('what the shipped tool loads', () => {
  it('reads source files (the check below has something to check)', () => {
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.some((s) => loaded(s.text).includes('jose'))).toBe(true);
  });

  it.each(['ltijs', 'jsonwebtoken'])('when any file under src/ loads %s, then this fails', (pkg) => {
    const offenders = sources
      .filter((s) => loaded(s.text).some((m) => m === pkg || m.startsWith(`${pkg}/`)))
      .map((s) => s.file);
    expect(offenders).toEqual([]);
  });

  it("when any file under src/ loads a package's private dist/ or lib/ files, then this fails", () => {
    const offenders = sources.flatMap((s) =>
      loaded(s.text)
        .filter((m) => !m.startsWith('.') && !m.startsWith('node:') && /\/(dist|lib|build)\//.test(m))
        .map((m) => `${s.file}: ${m}`),
    );
    expect(offenders).toEqual([]);
  });

  it('when package.json lists ltijs or jsonwebtoken as a run-time dependency, then this fails', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies)).not.toContain('ltijs');
    expect(Object.keys(pkg.dependencies)).not.toContain('jsonwebtoken');
    expect(pkg.dependencies.jose).toBeDefined();
  });

  it("when a source file assigns to another package's exports or prototypes, then this fails", () => {
    // The shapes the old launch used: a required module's function replaced, a class's static replaced.
    const patterns = [
      /\b(jwtModule|jsonwebtoken|Auth|Provider)\.\w+\s*=(?!=)/,
      /\(\s*\w+\s+as\s+\{[^}]*\}\s*\)\.\w+\s*=(?!=)/,
      /\.prototype\.\w+\s*=(?!=)/,
      /\bres\.redirect\s*=(?!=)/,
      /\(res as \{ redirect[^)]*\)\.redirect\s*=(?!=)/,
    ];
    const offenders = sources.flatMap((s) =>
      patterns.filter((p) => p.test(s.text)).map((p) => `${s.file}: ${p.source}`),
    );
    expect(offenders).toEqual([]);
  });
});
