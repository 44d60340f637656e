import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { openPostgres, type Database } from '../src/db/database';
import { SimulatedLms, user, LTI, type LmsUser } from '../test/support/simulated-lms';
import { quizAnswers, sampleModule } from '../test/support/module-fixtures';
import { defer } from './cleanup';
import { provideDatabases } from './databases';
import { CookieJar, request } from './http-client';
import { launch, startOurs, type Target } from './launch.bench';
import { round, summarize, table, type LatencySummary } from './stats';
import { MemorySampler, readCpuMs, readDescendantsCpuMs, readMemory } from './tool-process';
import type { SuiteContext, SuiteResult } from './suite';

/**
 * The learner journey at the sizes issue #4 names: the progress page and the home page of a learner with 1,000
 * record entries (target p95 < 30 ms each), completion requests per second (quiz submissions that complete a module: ledger entry
 * and queued grade in one statement), and the grade outbox draining 10,000 pending grades to the simulated LMS.
 * The tool runs as a child process on PostgreSQL, as in production.
 */

const SLUG = 'dg-digital-government-laws';

interface Settings {
  progressRequests: number;
  progressConcurrency: number[];
  entries: number;
  completions: number;
  completionConcurrency: number;
  outboxGrades: number;
  libraryModules: number;
}

function settingsFromEnv(env: NodeJS.ProcessEnv): Settings {
  const int = (name: string, fallback: number) => {
    const n = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`${name} must be a positive integer, got "${env[name]}"`);
    return n;
  };
  return {
    progressRequests: int('BENCH_PROGRESS_REQUESTS', 400),
    progressConcurrency: (env.BENCH_PROGRESS_CONCURRENCY ?? '1,4').split(',').map(Number),
    entries: int('BENCH_ENTRIES', 1000),
    completions: int('BENCH_COMPLETIONS', 300),
    completionConcurrency: int('BENCH_COMPLETION_CONCURRENCY', 8),
    outboxGrades: int('BENCH_OUTBOX_GRADES', 10_000),
    libraryModules: int('BENCH_LIBRARY_MODULES', 200),
  };
}

interface Session {
  jar: CookieJar;
  ltik: string;
  who: LmsUser;
}

async function session(target: Target, lms: SimulatedLms, who: LmsUser, module?: string): Promise<Session> {
  const jar = new CookieJar();
  const out = await launch(target, lms, jar, who, {
    ...(module
      ? { claims: { [`${LTI}custom`]: { module } }, resourceLink: { id: `link-${module}`, title: module } }
      : {}),
  });
  if (!out.ok) throw new Error(`launch failed: ${JSON.stringify(out.failure)}`);
  return { jar, ltik: new URL(out.pageUrl).searchParams.get('ltik')!, who };
}

const url = (target: Target, s: Session, path: string) =>
  `${target.baseUrl}${path}${path.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(s.ltik)}`;

/** Closed loop: `concurrency` workers take jobs until all are done; latency per job, throughput overall. */
async function closedLoop(
  jobs: number,
  concurrency: number,
  run: (i: number) => Promise<void>,
): Promise<{ perSecond: number; latencyMs: LatencySummary; seconds: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs) {
        const i = next++;
        const t0 = performance.now();
        await run(i);
        samples.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: jobs / seconds, latencyMs: summarize(samples), seconds };
}

/** A learner's record of `n` entries over three fiscal years: logged activities (most approved), imports, fixes. */
export async function seedRecord(
  db: Database,
  tenantId: number,
  personId: number,
  contextId: number,
  n: number,
) {
  const types = ['on-the-job', 'mentoring', 'workshop', 'self-study', 'coaching', 'classroom'];
  const cats = [70, 20, 10, 70, 20, 10];
  const skills = ['DL', 'DG', 'DT', 'DPS', 'PSM', 'DLD', 'DTF'];
  const rows: string[] = [];
  const params: unknown[] = [tenantId, personId, contextId];
  for (let i = 0; i < n; i += 1) {
    const day = new Date(Date.UTC(2023, 9, 1) + ((i * 1096) / n) * 86_400_000).toISOString().slice(0, 10);
    const k = i % types.length;
    const hours = 1 + (i % 4) * 0.5;
    const source = i % 10 === 9 ? 'import' : 'activity';
    params.push(
      source,
      source === 'activity' ? types[k] : null,
      `Entry ${i}`,
      cats[k],
      hours,
      JSON.stringify([{ skillSet: skills[i % skills.length], hours }]),
      day,
    );
    const b = params.length - 6;
    rows.push(
      `($1, $2, $3, $${b}, 'entry', $${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}::jsonb, $${b + 6}, $2)`,
    );
  }
  const ids = await db.query<{ id: number; source: string }>(
    `INSERT INTO learning_entries (tenant_id, person_id, context_id, source, kind, activity_type, title, category, hours,
                                   skill_hours, occurred_on, recorded_by)
     VALUES ${rows.join(', ')} RETURNING id, source`,
    params,
  );
  const activities = ids.filter((r) => r.source === 'activity').map((r) => r.id);
  // 80 % approved, 10 % rejected, 10 % still pending.
  const approved = activities.filter((_, i) => i % 10 < 8);
  const rejected = activities.filter((_, i) => i % 10 === 8);
  await db.query(
    `INSERT INTO entry_reviews (tenant_id, entry_id, decision, comment, reviewer_id)
     SELECT $1::bigint, id, 'approved', NULL, $2::bigint FROM unnest($3::bigint[]) AS id
     UNION ALL SELECT $1::bigint, id, 'rejected', 'needs evidence', $2::bigint FROM unnest($4::bigint[]) AS id`,
    [tenantId, personId, approved, rejected],
  );
  // Evidence files on a third of the logged activities (128 kB PDFs): the record lists read their metadata only,
  // so the progress page must not slow down with them (issue 19 item 8).
  await db.query(
    `INSERT INTO evidence_files (tenant_id, entry_id, media_type, name, size, sha256, content)
     SELECT $1, id, 'application/pdf', 'หลักฐาน ' || id || '.pdf', octet_length(c), encode(sha256(c), 'hex'), c
       FROM unnest($2::bigint[]) AS id, (SELECT convert_to('%PDF-' || repeat('x', 131067), 'UTF8') AS c) AS f`,
    [tenantId, activities.filter((_, i) => i % 3 === 0)],
  );
  // A few corrections of approved entries.
  for (const id of approved.slice(0, 20)) {
    await db.query(
      `INSERT INTO learning_entries (tenant_id, person_id, context_id, source, kind, corrects_id, root_id, activity_type,
                                     title, category, hours, skill_hours, occurred_on, recorded_by, reason)
       SELECT tenant_id, person_id, context_id, source, 'correction', id, id, activity_type, title, category, hours / 2,
              skill_hours, occurred_on, $2, 'hours halved' FROM learning_entries WHERE id = $1`,
      [id, personId],
    );
  }
}

/**
 * The organisation's catalogue grown to `total` published modules (copies of the sample modules, with their
 * mappings), and the learner's year with them: 40 completions (with a retake each), 30 modules begun.
 */
export async function seedLibrary(db: Database, tenantId: number, personId: number, total: number) {
  await db.query(
    `WITH src AS (
       SELECT m.id, m.slug, g.n FROM modules m CROSS JOIN generate_series(1, 100) g(n) WHERE m.tenant_id = $1
        ORDER BY g.n, m.slug LIMIT greatest(0, $2 - (SELECT count(*) FROM modules WHERE tenant_id = $1))
     ), ins AS (
       INSERT INTO modules (tenant_id, slug) SELECT $1, slug || '-copy-' || n FROM src RETURNING id, slug
     ), versions AS (
       INSERT INTO module_versions (tenant_id, module_id, framework_id, version, status, title_th, title_en, category,
                                    estimated_hours, content, languages, published_at)
       SELECT v.tenant_id, ins.id, v.framework_id, 1, 'published', v.title_th || ' ' || src.n,
              v.title_en || ' ' || src.n, (ARRAY[70, 20, 10])[1 + src.n % 3], v.estimated_hours, v.content, v.languages, now()
         FROM ins JOIN src ON ins.slug = src.slug || '-copy-' || src.n JOIN module_versions v ON v.module_id = src.id
       RETURNING id, module_id
     )
     INSERT INTO module_mappings (tenant_id, module_version_id, framework_id, skill_set_code, area_code, hours)
     SELECT $1, versions.id, mm.framework_id, mm.skill_set_code, mm.area_code, mm.hours
       FROM versions JOIN modules cm ON cm.id = versions.module_id
       JOIN modules om ON om.tenant_id = $1 AND cm.slug LIKE om.slug || '-copy-%' AND om.slug NOT LIKE '%-copy-%'
       JOIN module_versions ov ON ov.module_id = om.id JOIN module_mappings mm ON mm.module_version_id = ov.id`,
    [tenantId, total],
  );
  const modules = await db.query<{ module_id: number; version_id: number }>(
    `SELECT m.id AS module_id, v.id AS version_id FROM modules m JOIN module_versions v ON v.module_id = m.id
      WHERE m.tenant_id = $1 ORDER BY m.slug`,
    [tenantId],
  );
  const done = modules.filter((_, i) => i % 5 === 1).slice(0, 40);
  const begun = modules.filter((_, i) => i % 5 === 3).slice(0, 30);
  for (const [i, m] of done.entries()) {
    const day = new Date(Date.UTC(2025, 9, 1) + i * 8 * 86_400_000).toISOString().slice(0, 10);
    await db.query(
      `INSERT INTO learning_entries (tenant_id, person_id, source, kind, module_id, module_version_id, title, category,
                                     hours, skill_hours, occurred_on, score_percent, recorded_by)
       VALUES ($1, $2, 'module', 'entry', $3, $4, 'Module', 70, 1.5, '[{"skillSet":"DL","hours":1.5}]', $5, 80, $2)
       ON CONFLICT DO NOTHING`,
      [tenantId, personId, m.module_id, m.version_id, day],
    );
    await db.query(
      `INSERT INTO module_progress (tenant_id, person_id, module_version_id, pages_viewed, current_page, best_quiz_percent)
       VALUES ($1, $2, $3, '{0,1,2,3}', 3, 90) ON CONFLICT DO NOTHING`,
      [tenantId, personId, m.version_id],
    );
    await db.query(
      `INSERT INTO quiz_attempts (tenant_id, person_id, module_version_id, answers, percent, passed, created_at)
       VALUES ($1, $2, $3, '[]', 80, true, now() - interval '1 day'), ($1, $2, $3, '[]', 90, true, now())`,
      [tenantId, personId, m.version_id],
    );
  }
  for (const m of begun)
    await db.query(
      `INSERT INTO module_progress (tenant_id, person_id, module_version_id, pages_viewed, current_page)
       VALUES ($1, $2, $3, '{0,1}', 1) ON CONFLICT DO NOTHING`,
      [tenantId, personId, m.version_id],
    );
  return { modules: modules.length, completed: done.length, begun: begun.length };
}

async function ids(db: Database, sub: string) {
  const [row] = await db.query<{ tenant_id: number; person_id: number; context_id: number }>(
    `SELECT p.tenant_id, p.id AS person_id, (SELECT id FROM contexts c WHERE c.tenant_id = p.tenant_id LIMIT 1) AS context_id
       FROM people p WHERE p.platform_user_id = $1`,
    [sub],
  );
  return row!;
}

export async function runLearningBench(ctx: SuiteContext): Promise<SuiteResult> {
  const settings = settingsFromEnv(process.env);
  const { log } = ctx;
  const provided = await provideDatabases(log, ['learning']);
  const dbUrl = provided.urls.learning!;
  const lms = await SimulatedLms.start();
  defer('stop the simulated LMS', () => lms.stop());
  log('learning: starting the tool ...');
  const target = await startOurs(
    dbUrl,
    lms,
    {
      nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
      oursEntry: process.env.BENCH_OURS_ENTRY || undefined,
      logLevel: 'warn',
    },
    { GRADE_POLL_MS: '1000' },
  );
  defer('stop the tool', () => target.process.stop());
  lms.toolKeyset = async () =>
    JSON.parse((await request('GET', `${target.baseUrl}/lti/keys`)).body) as { keys: [] };
  const db = openPostgres(dbUrl, { max: 4 });
  defer('close the bench connection', () => db.close());

  // 1. Progress page with 1,000 entries.
  const learner = await session(target, lms, user({ locale: 'th' }));
  const who = await ids(db, learner.who.sub);
  await request('POST', url(target, learner, '/app/progress/target'), {
    jar: learner.jar,
    form: { group: 'ACAD', stage: 'DEVELOPING' },
  });
  log(`learning: seeding ${settings.entries} record entries ...`);
  await seedRecord(db, who.tenant_id, who.person_id, who.context_id, settings.entries);
  // As autovacuum would have by then: plans made on an empty table's statistics are not what production runs.
  await db.exec('ANALYZE');
  const rssBefore = readMemory(target.process.pid)?.rssMb;
  const progress: Array<{
    page: string;
    concurrency: number;
    perSecond: number;
    latencyMs: LatencySummary;
    bytes: number;
  }> = [];
  let bytes = 0;
  // The progress page, and the home page a launch lands on (the same reads, one history row, the module to continue).
  for (const page of ['/app/progress', '/app/home'])
    for (const c of settings.progressConcurrency) {
      // Warm-up, then the measured loop.
      await closedLoop(50, c, async () => {
        await request('GET', url(target, learner, page), { jar: learner.jar });
      });
      const sampler = new MemorySampler(target.process.pid);
      const r = await closedLoop(settings.progressRequests, c, async () => {
        const res = await request('GET', url(target, learner, page), { jar: learner.jar });
        if (res.status !== 200) throw new Error(`${page} answered ${res.status}`);
        bytes = res.body.length;
      });
      sampler.stop();
      progress.push({ page, concurrency: c, ...r, bytes });
      log(`  ${page} c=${c}: ${r.perSecond.toFixed(0)}/s, p95 ${round(r.latencyMs.p95)} ms`);
    }

  // 1b. The module library of 200 published modules, for the same learner with a year of records.
  log(`learning: seeding a library of ${settings.libraryModules} modules ...`);
  const lib = await seedLibrary(db, who.tenant_id, who.person_id, settings.libraryModules);
  await db.exec('ANALYZE');
  const library: Array<{ query: string; perSecond: number; latencyMs: LatencySummary; bytes: number }> = [];
  for (const query of ['', `q=${encodeURIComponent('ข้อมูล')}&status=not-started&page=2`]) {
    const path = `/app/modules${query ? `?${query}` : ''}`;
    await closedLoop(50, 1, async () => {
      await request('GET', url(target, learner, path), { jar: learner.jar });
    });
    let libraryBytes = 0;
    const r = await closedLoop(settings.progressRequests, 1, async () => {
      const res = await request('GET', url(target, learner, path), { jar: learner.jar });
      if (res.status !== 200 || !res.body.includes('module-card'))
        throw new Error(`library answered ${res.status}`);
      libraryBytes = res.body.length;
    });
    library.push({ query: query || '(none)', ...r, bytes: libraryBytes });
    log(`  library ${query || '(all)'}: ${r.perSecond.toFixed(0)}/s, p95 ${round(r.latencyMs.p95)} ms`);
  }

  // 2. Completions: each learner has read every page; the measured request is the quiz that completes the module.
  log(`learning: preparing ${settings.completions} learners who read every page ...`);
  const mod = sampleModule(SLUG);
  const body = quizAnswers(mod);
  const learners: Session[] = [];
  for (let i = 0; i < settings.completions; i += 1) {
    const s = await session(target, lms, user(), SLUG);
    for (let p = 1; p <= mod.pages.length; p += 1)
      await request('GET', url(target, s, `/app/modules/${SLUG}/pages/${p}`), { jar: s.jar });
    learners.push(s);
  }
  const scoresBefore = lms.calls.scores.length;
  const completion = await closedLoop(settings.completions, settings.completionConcurrency, async (i) => {
    const s = learners[i]!;
    const res = await request('POST', url(target, s, `/app/modules/${SLUG}/quiz`), {
      jar: s.jar,
      form: body,
    });
    if (res.status !== 200 || !res.body.includes('data-testid="completion"'))
      throw new Error(`completion answered ${res.status}`);
  });
  const [completed] = await db.query<{ entries: number; grades: number }>(
    `SELECT (SELECT count(*) FROM learning_entries WHERE source = 'module')::int AS entries,
            (SELECT count(*) FROM grade_outbox)::int AS grades`,
  );
  log(`  completions: ${completion.perSecond.toFixed(0)}/s, p95 ${round(completion.latencyMs.p95)} ms`);
  // Let the worker deliver those grades before the outbox test.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [{ n }] = (await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM grade_outbox WHERE status <> 'delivered'",
    )) as [{ n: number }];
    if (n === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }

  const scoresDelivered = lms.calls.scores.length - scoresBefore;

  // 3. The outbox drains 10,000 pending grades (as after an LMS outage).
  log(`learning: queueing ${settings.outboxGrades} pending grades ...`);
  const platform = lms.registration();
  // One person's grades in as many gradebook columns: the outbox holds one row per person, line item and score.
  const lineitems = `${lms.issuer}/mod/lti/services.php/2/lineitems/`;
  await db.query(
    `INSERT INTO grade_outbox (tenant_id, person_id, issuer, client_id, lineitem_url, platform_user_id, score_given,
                               score_maximum, next_attempt_at)
     SELECT $1, $2, $3, $4, $5 || (1000 + g) || '/lineitem?type_id=1', 'bench-user-' || g, 80, 100,
            now() + interval '1 hour' FROM generate_series(1, $6) g`,
    [who.tenant_id, who.person_id, platform.issuer, platform.clientId, lineitems, settings.outboxGrades],
  );
  const drainSampler = new MemorySampler(target.process.pid);
  // CPU time per grade, the tool's and (with a throwaway cluster, our child) PostgreSQL's: the drain rate swings
  // with a shared host's load, these much less.
  const toolPid = target.process.pid;
  const drainCpu = () => ({
    tool: readCpuMs(toolPid),
    postgres: provided.ownCluster ? readDescendantsCpuMs(process.pid, [toolPid]) : Number.NaN,
  });
  const drainCpuBefore = drainCpu();
  const drainStarted = performance.now();
  await db.query("UPDATE grade_outbox SET next_attempt_at = now() WHERE status = 'pending'");
  let left = settings.outboxGrades;
  while (left > 0 && performance.now() - drainStarted < 600_000) {
    await new Promise((r) => setTimeout(r, 100));
    left = (
      await db.query<{ n: number }>("SELECT count(*)::int AS n FROM grade_outbox WHERE status <> 'delivered'")
    )[0]!.n;
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const drainCpuAfter = drainCpu();
  const drainMemory = drainSampler.stop();
  const delivered = settings.outboxGrades - left;
  const drainCpuPerGrade = {
    tool: (drainCpuAfter.tool - drainCpuBefore.tool) / delivered,
    postgres: (drainCpuAfter.postgres - drainCpuBefore.postgres) / delivered,
  };
  log(
    `  outbox: ${delivered} grades in ${drainSeconds.toFixed(1)} s (${(delivered / drainSeconds).toFixed(0)}/s)`,
  );
  const rssAfter = readMemory(target.process.pid)?.rssMb;

  const p95 = Math.max(...progress.filter((p) => p.concurrency === 1).map((p) => p.latencyMs.p95));
  const libraryP95 = Math.max(...library.map((l) => l.latencyMs.p95));
  const p95Of = (page: string) =>
    Math.max(...progress.filter((p) => p.page === page && p.concurrency === 1).map((p) => p.latencyMs.p95));
  const ok = p95 < 30 && libraryP95 < 30 && completed!.entries === settings.completions && left === 0;
  const text = [
    `${provided.server}; tool: child process, NODE_ENV=production`,
    '',
    `Progress and home pages, one learner with ${settings.entries} entries (+ reviews and 20 corrections), ${settings.progressRequests} requests per level:`,
    table(
      ['page', 'concurrency', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'page kB'],
      progress.map((p) => [
        p.page,
        p.concurrency,
        round(p.perSecond),
        round(p.latencyMs.p50),
        round(p.latencyMs.p95),
        round(p.latencyMs.p99),
        round(p.latencyMs.max),
        round(p.bytes / 1024),
      ]),
    ),
    `target p95 < 30 ms at c=1: ${p95 < 30 ? 'met' : 'MISSED'} (progress ${round(p95Of('/app/progress'))} ms, home ${round(p95Of('/app/home'))} ms)`,
    '',
    `Module library, the same learner; ${lib.modules} published modules, ${lib.completed} completed (each retaken), ${lib.begun} begun; c=1, ${settings.progressRequests} requests per query:`,
    table(
      ['filter', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'page kB'],
      library.map((l) => [
        l.query,
        round(l.perSecond),
        round(l.latencyMs.p50),
        round(l.latencyMs.p95),
        round(l.latencyMs.p99),
        round(l.latencyMs.max),
        round(l.bytes / 1024),
      ]),
    ),
    `target p95 < 30 ms: ${libraryP95 < 30 ? 'met' : 'MISSED'} (${round(libraryP95)} ms)`,
    '',
    `Completions (quiz submission that completes ${SLUG}), ${settings.completions} learners, c=${settings.completionConcurrency}:`,
    `  ${round(completion.perSecond)} completions/s; p50 ${round(completion.latencyMs.p50)} ms, p95 ${round(completion.latencyMs.p95)} ms, p99 ${round(completion.latencyMs.p99)} ms; ${completed!.entries} ledger entries, ${completed!.grades} grades queued, ${scoresDelivered} scores delivered by the worker meanwhile`,
    '',
    `Grade outbox drain: ${delivered} of ${settings.outboxGrades} pending grades delivered in ${round(drainSeconds)} s = ${round(delivered / drainSeconds)} grades/s (peak RSS ${round(drainMemory.rssMb)} MB; CPU per grade: tool ${round(drainCpuPerGrade.tool, 3)} ms, PostgreSQL ${round(drainCpuPerGrade.postgres, 3)} ms; load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')})`,
    `Tool RSS: ${round(rssBefore ?? NaN)} MB before the page loops, ${round(rssAfter ?? NaN)} MB at the end`,
  ].join('\n');
  return {
    ok,
    text,
    json: {
      server: provided.server,
      progress,
      library: { ...lib, runs: library },
      completion: { ...completion, entries: completed!.entries, grades: completed!.grades },
      outbox: {
        grades: settings.outboxGrades,
        delivered,
        seconds: drainSeconds,
        perSecond: delivered / drainSeconds,
        peakRssMb: drainMemory.rssMb,
        cpuMsPerGrade: drainCpuPerGrade,
      },
      rssMb: { before: rssBefore, after: rssAfter },
    },
  };
}
