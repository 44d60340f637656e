import { performance } from 'node:perf_hooks';
import { openPostgres } from '../src/db/database';
import { ROLE, SimulatedLms, user } from '../test/support/simulated-lms';
import { defer } from './cleanup';
import { provideDatabases } from './databases';
import { CookieJar, request } from './http-client';
import { launch, startOurs, type Target } from './launch.bench';
import { round, summarize, table, type LatencySummary } from './stats';
import type { SuiteContext, SuiteResult } from './suite';

/**
 * Issue #3 sizes: a tenant with 300 modules (the 17 sample modules copied with new slugs), measured on the
 * instructor's catalogue page, the coverage matrix for a target group, and the Deep Linking picker's search.
 * Target: p95 under 50 ms each.
 */
export async function runCatalogueBench(ctx: SuiteContext): Promise<SuiteResult> {
  const { log } = ctx;
  const count = Number(process.env.BENCH_MODULES ?? 300);
  const requests = Number(process.env.BENCH_CATALOGUE_REQUESTS ?? 200);
  const provided = await provideDatabases(log, ['catalogue']);
  const lms = await SimulatedLms.start();
  defer('stop the simulated LMS', () => lms.stop());
  const target: Target = await startOurs(provided.urls.catalogue!, lms, {
    nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
    oursEntry: process.env.BENCH_OURS_ENTRY || undefined,
    logLevel: 'warn',
  });
  defer('stop the tool', () => target.process.stop());

  // An instructor's session (its first catalogue visit seeds the 17 sample modules), and a picker session.
  const instructor = user({ roles: [ROLE.instructor], locale: 'th' });
  const jar = new CookieJar();
  const out = await launch(target, lms, jar, instructor);
  if (!out.ok) throw new Error('instructor launch failed');
  const ltik = new URL(out.pageUrl).searchParams.get('ltik')!;
  await request('GET', `${target.baseUrl}/app/catalogue?ltik=${ltik}`, { jar });
  const pickerJar = new CookieJar();
  const picker = await launch(target, lms, pickerJar, instructor, { claims: lms.deepLinkingClaims() });
  if (!picker.ok) throw new Error('deep-linking launch failed');
  const pickerLtik = new URL(picker.pageUrl).searchParams.get('ltik')!;

  log(`catalogue: copying the sample modules up to ${count} ...`);
  const db = openPostgres(provided.urls.catalogue!, { max: 1 });
  defer('close the bench connection', () => db.close());
  await db.query(
    `WITH src AS (
       SELECT m.tenant_id, v.framework_id, v.title_th, v.title_en, v.category, v.estimated_hours, v.content, v.id AS version_id,
              row_number() OVER (ORDER BY m.slug) AS n
         FROM modules m JOIN module_versions v ON v.module_id = m.id),
     copies AS (
       SELECT s.*, g AS copy FROM src s, generate_series(1, $1::int) g WHERE (g - 1) * 17 + s.n <= $1::int - 17),
     ins AS (
       INSERT INTO modules (tenant_id, slug) SELECT tenant_id, 'copy-' || copy || '-' || n FROM copies RETURNING id, tenant_id, slug)
     INSERT INTO module_versions (tenant_id, module_id, version, status, framework_id, title_th, title_en, category,
                                  estimated_hours, content, published_at)
     SELECT c.tenant_id, ins.id, 1, 'published', c.framework_id, c.title_th || ' ' || c.copy, c.title_en || ' ' || c.copy,
            c.category, c.estimated_hours, c.content, now()
       FROM copies c JOIN ins ON ins.slug = 'copy-' || c.copy || '-' || c.n`,
    [count],
  );
  await db.query(
    `INSERT INTO module_mappings (tenant_id, module_version_id, framework_id, skill_set_code, area_code, hours)
     SELECT v.tenant_id, v.id, mm.framework_id, mm.skill_set_code, mm.area_code, mm.hours
       FROM module_versions v JOIN modules m ON m.id = v.module_id
       JOIN modules o ON o.tenant_id = m.tenant_id AND o.slug NOT LIKE 'copy-%'
       JOIN module_versions ov ON ov.module_id = o.id AND v.title_en LIKE ov.title_en || ' %'
       JOIN module_mappings mm ON mm.module_version_id = ov.id
      WHERE m.slug LIKE 'copy-%'`,
  );
  await db.exec('ANALYZE');
  const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM modules')) as [
    { n: number },
  ];

  const pages: Array<{ name: string; url: string; jar: CookieJar }> = [
    { name: 'catalogue (page 1 of 6)', url: `/app/catalogue?ltik=${ltik}`, jar },
    { name: 'catalogue search', url: `/app/catalogue?q=data&skillSet=DL&page=2&ltik=${ltik}`, jar },
    { name: 'matrix (group EXEC)', url: `/app/catalogue/matrix?group=EXEC&ltik=${ltik}`, jar },
    {
      name: 'picker search',
      url: `/lti/launch?ltik=${pickerLtik}&q=data&group=ACAD&category=70`,
      jar: pickerJar,
    },
  ];
  const results: Array<{ name: string; latencyMs: LatencySummary; perSecond: number; kb: number }> = [];
  for (const p of pages) {
    for (let i = 0; i < 10; i += 1) await request('GET', `${target.baseUrl}${p.url}`, { jar: p.jar });
    const samples: number[] = [];
    let kb = 0;
    const started = performance.now();
    for (let i = 0; i < requests; i += 1) {
      const s = performance.now();
      const res = await request('GET', `${target.baseUrl}${p.url}`, { jar: p.jar });
      if (res.status !== 200) throw new Error(`${p.name} answered ${res.status}`);
      kb = res.body.length / 1024;
      samples.push(performance.now() - s);
    }
    const latencyMs = summarize(samples);
    results.push({
      name: p.name,
      latencyMs,
      perSecond: requests / ((performance.now() - started) / 1000),
      kb,
    });
    log(`  ${p.name}: p95 ${round(latencyMs.p95)} ms`);
  }
  const ok = results.every((r) => r.latencyMs.p95 < 50);
  const text = [
    `${provided.server}; tool: child process, NODE_ENV=production; ${n} modules in the tenant; ${requests} sequential requests per page`,
    table(
      ['page', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'page kB'],
      results.map((r) => [
        r.name,
        round(r.perSecond),
        round(r.latencyMs.p50),
        round(r.latencyMs.p95),
        round(r.latencyMs.p99),
        round(r.kb),
      ]),
    ),
    `target p95 < 50 ms each: ${ok ? 'met' : 'MISSED'}`,
  ].join('\n');
  return { ok, text, json: { modules: n, results } };
}
