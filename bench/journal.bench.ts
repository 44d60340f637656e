import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { openPostgres, type Database } from '../src/db/database';
import { migrate, readMigrations } from '../src/db/migrate';
import { defer } from './cleanup';
import { provideDatabases } from './databases';
import { round, summarize, type LatencySummary } from './stats';
import type { SuiteContext, SuiteResult } from './suite';

/**
 * What the dated rollup journal's triggers cost a write, in PostgreSQL CPU (migration 0053, made one fold per
 * statement by 0057). Three databases on one server, each loaded with the same record (learners x entries over two
 * fiscal years, as the report suite loads it):
 *   - "0053": migrated up to 0056, the journal as 0053 built it (two folds of each writer's record per statement);
 *   - "now": every migration;
 *   - "no journal": every migration, with the journal's two triggers turned off (what the rollups alone cost).
 * The same writes go to all three, interleaved in small rounds so that a busy machine weighs on each alike:
 *   - a person's write: an activity logged, then approved (two statements, as the report suite measures);
 *   - a bulk import: one statement of two imported entries for each of many learners (a CSV of completions).
 * CPU is the database backend's own (utime + stime from /proc, so only when the server is local). Afterwards the
 * journal of "now" must equal its rebuild from the ledger, the tenant rollup, and the journal of "0053".
 */
export async function runJournalBench(ctx: SuiteContext): Promise<SuiteResult> {
  const { log } = ctx;
  const learners = Number(process.env.BENCH_JOURNAL_LEARNERS ?? 3000);
  const perLearner = Number(process.env.BENCH_JOURNAL_ENTRIES ?? 50);
  const writes = Number(process.env.BENCH_JOURNAL_WRITES ?? 300);
  const bulkPeople = Number(process.env.BENCH_JOURNAL_BULK ?? 250);
  const bulkRounds = Number(process.env.BENCH_JOURNAL_BULK_ROUNDS ?? 4);
  const roundSize = 25;

  const arms = ['0053', 'now', 'no journal'] as const;
  type Arm = (typeof arms)[number];
  const provided = await provideDatabases(log, ['journal_0053', 'journal_now', 'journal_none']);
  const urlOf: Record<Arm, string> = {
    '0053': provided.urls.journal_0053!,
    now: provided.urls.journal_now!,
    'no journal': provided.urls.journal_none!,
  };
  const all = readMigrations();
  const dbs = {} as Record<Arm, Database>;
  const tenant = {} as Record<Arm, number>;
  for (const arm of arms) {
    const db = openPostgres(urlOf[arm], { max: 1 });
    defer(`close the ${arm} connection`, () => db.close());
    dbs[arm] = db;
    await migrate(db, arm === '0053' ? all.filter((m) => m.name < '0057') : all);
    log(`journal: loading ${learners} learners x ${perLearner} entries into "${arm}" ...`);
    const [t] = await db.query<{ id: number }>(
      `INSERT INTO tenants (issuer, deployment_id, client_id) VALUES ('https://bench.example', 'd1', 'c1')
       RETURNING id`,
    );
    tenant[arm] = t!.id;
    await db.query(
      `INSERT INTO people (tenant_id, platform_user_id, name, target_group)
       SELECT $1, 'journal-learner-' || g, 'ผู้เรียน ' || g, (ARRAY['EXEC','MGMT','ACAD','SERV','TECH','OTHER'])[1 + g % 6]
         FROM generate_series(1, $2) g`,
      [t!.id, learners],
    );
    await db.exec('ALTER TABLE learning_entries DISABLE TRIGGER learning_entries_rollup');
    await db.exec('ALTER TABLE learning_entries DISABLE TRIGGER learning_entries_rollup_journal');
    await db.query(
      `INSERT INTO learning_entries (tenant_id, person_id, source, kind, title, category, hours, skill_hours,
                                     occurred_on, recorded_by)
       SELECT $1, p.id, 'import', 'entry', 'Imported', (ARRAY[70, 20, 10])[1 + ((p.id + g) % 3)::int], 1.5,
              jsonb_build_array(jsonb_build_object(
                'skillSet', (ARRAY['DL','DG','DT','DPS','PSM','DLD','DTF'])[1 + ((p.id * 3 + g) % 7)::int], 'hours', 1.5)),
              DATE '2024-10-01' + ((p.id * 13 + g * 17) % 730)::int, p.id
         FROM people p, generate_series(1, $2) g
        WHERE p.tenant_id = $1`,
      [t!.id, perLearner],
    );
    await db.exec('ALTER TABLE learning_entries ENABLE TRIGGER learning_entries_rollup');
    await db.exec('ALTER TABLE learning_entries ENABLE TRIGGER learning_entries_rollup_journal');
    await db.query('SELECT learning_rollup_rebuild($1)', [t!.id]);
    if (arm === 'no journal') {
      await db.exec('ALTER TABLE learning_entries DISABLE TRIGGER learning_entries_rollup_journal');
      await db.exec('ALTER TABLE entry_reviews DISABLE TRIGGER entry_reviews_rollup_journal');
    }
    await db.exec('VACUUM ANALYZE');
  }

  const backendOf = {} as Record<Arm, number>;
  for (const arm of arms) {
    const [b] = await dbs[arm].query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    backendOf[arm] = b!.pid;
  }
  /** The backend's CPU time so far (utime + stime, fields 14 and 15 of stat(5), in ticks of 10 ms). */
  const cpuMs = (arm: Arm): number | undefined => {
    try {
      const fields = readFileSync(`/proc/${backendOf[arm]}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  };
  const timed = async (arm: Arm, work: () => Promise<void>, into: { cpu: number; ms: number[] }) => {
    const c0 = cpuMs(arm);
    const s = performance.now();
    await work();
    into.ms.push(performance.now() - s);
    const c1 = cpuMs(arm);
    into.cpu = c0 === undefined || c1 === undefined ? Number.NaN : into.cpu + (c1 - c0);
  };

  // A person's write, interleaved: a round of learners on each arm in turn.
  const personal = Object.fromEntries(arms.map((a) => [a, { cpu: 0, ms: [] as number[] }])) as Record<
    Arm,
    { cpu: number; ms: number[] }
  >;
  log(`journal: ${writes} entries + approvals on each database ...`);
  for (let start = 0; start < writes; start += roundSize) {
    for (const arm of arms) {
      const db = dbs[arm];
      for (let i = start; i < Math.min(writes, start + roundSize); i += 1) {
        const person = `journal-learner-${1 + i}`;
        await timed(
          arm,
          async () => {
            const [entry] = await db.query<{ id: number }>(
              `INSERT INTO learning_entries (tenant_id, person_id, source, kind, activity_type, title, category, hours,
                                             skill_hours, occurred_on, recorded_by)
               SELECT $1, p.id, 'activity', 'entry', 'workshop', 'Bench', 20, 2, '[{"skillSet":"DL","hours":2}]'::jsonb,
                      DATE '2025-03-01', p.id
                 FROM people p WHERE p.tenant_id = $1 AND p.platform_user_id = $2
               RETURNING id, person_id`,
              [tenant[arm], person],
            );
            await db.query(
              `INSERT INTO entry_reviews (tenant_id, entry_id, decision) VALUES ($1, $2, 'approved')`,
              [tenant[arm], entry!.id],
            );
          },
          personal[arm],
        );
      }
    }
  }

  // A bulk import: one statement, two entries for each of bulkPeople learners not written to yet.
  const bulk = Object.fromEntries(arms.map((a) => [a, { cpu: 0, ms: [] as number[] }])) as Record<
    Arm,
    { cpu: number; ms: number[] }
  >;
  log(`journal: ${bulkRounds} imports of ${bulkPeople * 2} rows on each database ...`);
  for (let r = 0; r < bulkRounds; r += 1) {
    const from = writes + 1 + r * bulkPeople;
    for (const arm of arms) {
      await timed(
        arm,
        async () => {
          await dbs[arm].query(
            `INSERT INTO learning_entries (tenant_id, person_id, source, kind, title, category, hours, skill_hours,
                                           occurred_on)
             SELECT $1, p.id, 'import', 'entry', 'CSV', 10, 3, '[{"skillSet":"DT","hours":3}]'::jsonb,
                    DATE '2025-01-15' + g
               FROM people p, generate_series(0, 1) g
              WHERE p.tenant_id = $1 AND p.platform_user_id = ANY ($2::text[])`,
            [tenant[arm], Array.from({ length: bulkPeople }, (_, i) => `journal-learner-${from + i}`)],
          );
        },
        bulk[arm],
      );
    }
  }

  // The journal of "now" equals its rebuild from the ledger, the tenant rollup, and the journal of "0053".
  const journalOf = async (arm: Arm) =>
    (
      await dbs[arm].query<{ k: string }>(
        `SELECT concat_ws('|', fiscal_year, day, target_group, skill_set_code, category, hours, learners) AS k
           FROM tenant_rollup_journal WHERE tenant_id = $1 AND (hours <> 0 OR learners <> 0) ORDER BY 1`,
        [tenant[arm]],
      )
    ).map((r) => r.k);
  const written = await journalOf('now');
  const old = await journalOf('0053');
  const [drift] = await dbs.now.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT fiscal_year, target_group, skill_set_code, category, hours, learners FROM tenant_rollups
        WHERE tenant_id = $1 AND (hours <> 0 OR learners <> 0)
       EXCEPT
       SELECT fiscal_year, target_group, skill_set_code, category, sum(hours), sum(learners)::int
         FROM tenant_rollup_journal WHERE tenant_id = $1 GROUP BY 1, 2, 3, 4 HAVING sum(hours) <> 0 OR sum(learners) <> 0) x`,
    [tenant.now],
  );
  await dbs.now.query('SELECT tenant_journal_rebuild($1)', [tenant.now]);
  const rebuilt = await journalOf('now');
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const equalToRebuild = same(written, rebuilt);
  const equalTo0053 = same(written, old);

  const load = loadavg().map((n) => round(n, 2));
  const per = (x: { cpu: number }, n: number) => x.cpu / n;
  const line = (arm: Arm) => {
    const ms: LatencySummary = summarize(personal[arm].ms);
    const rate = personal[arm].ms.length / (personal[arm].ms.reduce((a, b) => a + b, 0) / 1000);
    return `  ${arm.padEnd(10)} CPU ${round(per(personal[arm], writes), 2)} ms per entry + approval; p50 ${round(ms.p50)} ms, p95 ${round(ms.p95)} ms; ${round(rate, 1)} writes/s; import CPU ${round(per(bulk[arm], bulkRounds * bulkPeople * 2), 3)} ms per row (${round(summarize(bulk[arm].ms).p50)} ms per ${bulkPeople * 2}-row statement)`;
  };
  const text = [
    `${provided.server}; ${learners} learners x ${perLearner} entries per database; PostgreSQL backend CPU (utime + stime)`,
    ...arms.map(line),
    `Journal of "now" after the writes: equal to its rebuild from the ledger: ${equalToRebuild ? 'yes' : 'NO'}; equal to the journal of "0053": ${equalTo0053 ? 'yes' : 'NO'}; whole years vs the tenant rollup: ${drift!.n} rows differ (must be 0)`,
    `Load average at the end (1, 5, 15 min): ${load.join(', ')}`,
  ].join('\n');
  const json = Object.fromEntries(
    arms.map((arm) => [
      arm,
      {
        cpuMsPerWrite: per(personal[arm], writes),
        ms: summarize(personal[arm].ms),
        importCpuMsPerRow: per(bulk[arm], bulkRounds * bulkPeople * 2),
        importMs: summarize(bulk[arm].ms),
      },
    ]),
  );
  return {
    ok: equalToRebuild && equalTo0053 && drift!.n === 0,
    text,
    json: {
      learners,
      perLearner,
      writes,
      ...json,
      equalToRebuild,
      equalTo0053,
      drift: drift!.n,
      loadAverage: load,
    },
  };
}
