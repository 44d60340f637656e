import type { Database } from './database';
import { writeAudit } from './audit.repository';
import {
  array,
  bool,
  firstRow,
  int,
  nullable,
  numeric,
  object,
  oneOf,
  oneRow,
  rows,
  storedDocument,
  text,
  timestamp,
  RowShapeError,
  type Decoded,
} from './decode';
import { moduleIdColumn, moduleVersionIdColumn, personIdColumn } from './id-columns';
import { DIFFICULTIES } from '../domain/evaluation/question-bank';
import type { QuizQuestion } from '../domain/catalogue/learning-module';
import type { DrawnQuizSettings, QuizPool } from '../domain/evaluation/quiz-draw';
import type {
  BankQuestionRow,
  DrawnAttempt,
  PrePostRow,
  QuestionBankStore,
} from '../use-cases/ports/question-bank';

const question = storedDocument<QuizQuestion>('a quiz question', ['kind', 'prompt', 'options']);
const listRow = object({
  question_id: int,
  version_id: int,
  version: int,
  skill_set: text,
  area: nullable(text),
  difficulty: oneOf(...DIFFICULTIES),
  content: question,
  retired: bool,
  updated_at: timestamp,
  total: int,
});
const toRow = (r: Decoded<typeof listRow>): BankQuestionRow => ({
  questionId: r.question_id,
  versionId: r.version_id,
  version: r.version,
  skillSet: r.skill_set,
  ...(r.area !== null ? { area: r.area } : {}),
  difficulty: r.difficulty,
  kind: r.content.kind,
  prompt: r.content.prompt,
  retired: r.retired,
  updatedAt: r.updated_at,
});

/** The newest version of each question of the tenant ($1). */
const NEWEST = `SELECT DISTINCT ON (v.question_id) q.id AS question_id, v.id AS version_id, v.version, v.skill_set,
         v.area, v.difficulty, v.content, q.retired_at IS NOT NULL AS retired, v.created_at AS updated_at
    FROM bank_questions q JOIN bank_question_versions v ON v.tenant_id = q.tenant_id AND v.question_id = q.id
   WHERE q.tenant_id = $1
   ORDER BY v.question_id, v.version DESC`;

/** A bigint[] column: its items arrive as strings (the drivers parse int8 alone, not its arrays). */
const bigintArray = array((v: unknown): number =>
  typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : int(v),
);

const attemptRow = object({
  id: int,
  kind: oneOf('pre', 'post'),
  module_version_id: moduleVersionIdColumn,
  questions: bigintArray,
  question_ids: bigintArray,
  started_at: timestamp,
  submitted_at: nullable(timestamp),
  percent: nullable(numeric),
});
const toAttempt = (r: Decoded<typeof attemptRow>): DrawnAttempt => ({
  id: r.id,
  kind: r.kind,
  moduleVersionId: r.module_version_id,
  questions: r.questions,
  questionIds: r.question_ids,
  startedAt: r.started_at,
  ...(r.submitted_at ? { submittedAt: r.submitted_at } : {}),
  ...(r.percent !== null ? { percent: r.percent } : {}),
});
const ATTEMPT_COLUMNS = `id, kind, module_version_id, questions,
  ARRAY(SELECT v.question_id FROM unnest(questions) WITH ORDINALITY u (id, n)
          JOIN bank_question_versions v ON v.tenant_id = drawn_attempts.tenant_id AND v.id = u.id ORDER BY u.n) AS question_ids,
  started_at, submitted_at, percent::text`;

/** The pools as the tool wrote them (checked in full when set): an array of objects with a count. */
const pools = array((v: unknown): QuizPool => {
  if (typeof v !== 'object' || v === null || typeof (v as { count?: unknown }).count !== 'number')
    throw new RowShapeError('a pool');
  return v as QuizPool;
});
const settingsRow = object({
  pools,
  attempt_limit: nullable(int),
  wait_minutes: int,
  pre_test: bool,
});

const prePostRow = object({
  person_id: personIdColumn,
  name: nullable(text),
  platform_user_id: text,
  module_id: moduleIdColumn,
  title_th: text,
  title_en: text,
  pre: numeric,
  post: nullable(numeric),
  post_at: nullable(timestamp),
});
const toPrePost = (r: Decoded<typeof prePostRow>): PrePostRow => ({
  personId: r.person_id,
  ...(r.name !== null ? { name: r.name } : {}),
  platformUserId: r.platform_user_id,
  moduleId: r.module_id,
  moduleTitle: { th: r.title_th, en: r.title_en },
  pre: r.pre,
  ...(r.post !== null ? { post: r.post } : {}),
  ...(r.post_at !== null ? { postAt: r.post_at } : {}),
});

/**
 * Each learner's submitted pre-test of a module, with the first post-test submitted after it, and the module's
 * newest title. `where` filters on p (the pre-test), post and m (the module) with the params from $2.
 */
const prePostSql = (where: string) => `
  SELECT p.person_id, pe.name, pe.platform_user_id, p.module_id, t.title_th, t.title_en, p.percent::text AS pre,
         post.percent::text AS post, post.submitted_at AS post_at
    FROM drawn_attempts p
    JOIN people pe ON pe.tenant_id = p.tenant_id AND pe.id = p.person_id
    JOIN LATERAL (SELECT title_th, title_en FROM module_versions v
                   WHERE v.tenant_id = p.tenant_id AND v.module_id = p.module_id ORDER BY v.version DESC LIMIT 1) t ON true
    LEFT JOIN LATERAL (SELECT a.percent, a.submitted_at FROM drawn_attempts a
                        WHERE a.tenant_id = p.tenant_id AND a.person_id = p.person_id AND a.module_id = p.module_id
                          AND a.kind = 'post' AND a.submitted_at > p.submitted_at
                        ORDER BY a.submitted_at LIMIT 1) post ON true
   WHERE p.tenant_id = $1 AND p.kind = 'pre' AND p.submitted_at IS NOT NULL AND ${where}
   ORDER BY t.title_th, pe.name NULLS LAST, pe.platform_user_id`;

export function createQuestionBankRepository(db: Database): QuestionBankStore {
  return {
    async list(tenantId, filter, page) {
      const found = await rows(
        db,
        listRow,
        `SELECT n.*, count(*) OVER ()::int AS total FROM (${NEWEST}) n
          WHERE n.retired = $2 AND ($3::text IS NULL OR n.skill_set = $3) AND ($4::text IS NULL OR n.area = $4)
            AND ($5::text IS NULL OR n.difficulty = $5)
          ORDER BY n.updated_at DESC, n.question_id DESC
          OFFSET $6 LIMIT $7`,
        [
          tenantId,
          filter.status === 'retired',
          filter.skillSet ?? null,
          filter.area ?? null,
          filter.difficulty ?? null,
          page.offset,
          page.limit,
        ],
      );
      return { rows: found.map(toRow), count: found[0]?.total ?? 0 };
    },

    async get(tenantId, questionId) {
      const r = await firstRow(
        db,
        listRow,
        `SELECT n.*, 1 AS total FROM (${NEWEST}) n WHERE n.question_id = $2`,
        [tenantId, questionId],
      );
      if (!r) return undefined;
      return {
        ...toRow(r),
        content: {
          skillSet: r.skill_set,
          ...(r.area !== null ? { area: r.area } : {}),
          difficulty: r.difficulty,
          question: r.content,
        },
      };
    },

    async save(input, audit) {
      return db.transaction(async (tx) => {
        const c = input.content;
        let questionId = input.questionId;
        if (questionId === undefined) {
          const created = await oneRow(
            tx,
            object({ id: int }),
            'INSERT INTO bank_questions (tenant_id) VALUES ($1) RETURNING id',
            [input.tenantId],
          );
          questionId = created.id;
        } else {
          // The row lock orders concurrent edits of one question: each gets the next version number.
          const open = await firstRow(
            tx,
            object({ id: int }),
            `SELECT id FROM bank_questions WHERE tenant_id = $1 AND id = $2 AND retired_at IS NULL FOR UPDATE`,
            [input.tenantId, questionId],
          );
          if (!open) return 'notFound' as const;
        }
        const saved = await oneRow(
          tx,
          object({ version: int, id: int }),
          `INSERT INTO bank_question_versions (tenant_id, question_id, version, skill_set, area, difficulty, content, created_by)
           SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6::jsonb, $7
             FROM bank_question_versions WHERE tenant_id = $1 AND question_id = $2
           RETURNING version, id`,
          [
            input.tenantId,
            questionId,
            c.skillSet,
            c.area ?? null,
            c.difficulty,
            JSON.stringify(c.question),
            input.by,
          ],
        );
        await writeAudit(
          tx,
          { ...audit, subject: `${audit.subject} ${questionId}` },
          {
            questionId,
            version: saved.version,
          },
        );
        return { questionId, version: saved.version };
      });
    },

    async retire(tenantId, questionId, audit) {
      return db.transaction(async (tx) => {
        const done = await rows(
          tx,
          object({ id: int }),
          `UPDATE bank_questions SET retired_at = now() WHERE tenant_id = $1 AND id = $2 AND retired_at IS NULL
           RETURNING id`,
          [tenantId, questionId],
        );
        if (done.length === 0) return false;
        await writeAudit(tx, audit);
        return true;
      });
    },

    async responses(tenantId, versionIds) {
      if (versionIds.length === 0) return [];
      const found = await rows(
        db,
        object({ version_id: int, total: numeric, correct: bool }),
        `SELECT x.version_id, a.percent::text AS total, x.correct
           FROM drawn_attempts a, unnest(a.questions, a.results) AS x (version_id, correct)
          WHERE a.tenant_id = $1 AND a.submitted_at IS NOT NULL AND a.questions && $2::bigint[]
            AND x.version_id = ANY ($2::bigint[])`,
        [tenantId, versionIds],
      );
      return found.map((r) => ({ versionId: r.version_id, total: r.total, correct: r.correct }));
    },

    async candidates(tenantId) {
      const found = await rows(
        db,
        object({
          question_id: int,
          version_id: int,
          skill_set: text,
          area: nullable(text),
          difficulty: oneOf(...DIFFICULTIES),
        }),
        `SELECT question_id, version_id, skill_set, area, difficulty FROM (${NEWEST}) n WHERE NOT n.retired`,
        [tenantId],
      );
      return found.map((r) => ({
        questionId: r.question_id,
        versionId: r.version_id,
        skillSet: r.skill_set,
        ...(r.area !== null ? { area: r.area } : {}),
        difficulty: r.difficulty,
      }));
    },

    async versions(tenantId, versionIds) {
      const found = await rows(
        db,
        object({ id: int, content: question }),
        'SELECT id, content FROM bank_question_versions WHERE tenant_id = $1 AND id = ANY ($2::bigint[])',
        [tenantId, versionIds],
      );
      return new Map(found.map((r) => [r.id, r.content]));
    },

    async drawSettings(tenantId, slug) {
      const r = await firstRow(
        db,
        settingsRow,
        `SELECT d.pools, d.attempt_limit, d.wait_minutes, d.pre_test
           FROM module_quiz_draws d JOIN modules m ON m.tenant_id = d.tenant_id AND m.id = d.module_id
          WHERE m.tenant_id = $1 AND m.slug = $2`,
        [tenantId, slug],
      );
      if (!r) return undefined;
      const settings: DrawnQuizSettings = { pools: r.pools, preTest: r.pre_test };
      if (r.attempt_limit !== null) settings.attemptLimit = r.attempt_limit;
      if (r.wait_minutes > 0) settings.waitMinutes = r.wait_minutes;
      return settings;
    },

    async saveDrawSettings(tenantId, moduleId, settings, audit) {
      return db.transaction(async (tx) => {
        const module = await firstRow(
          tx,
          object({ id: int }),
          'SELECT id FROM modules WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
          [tenantId, moduleId],
        );
        if (!module) return false;
        if (settings)
          await tx.query(
            `INSERT INTO module_quiz_draws (tenant_id, module_id, pools, attempt_limit, wait_minutes, pre_test)
             VALUES ($1, $2, $3::jsonb, $4, $5, $6)
             ON CONFLICT (tenant_id, module_id) DO UPDATE SET pools = EXCLUDED.pools,
               attempt_limit = EXCLUDED.attempt_limit, wait_minutes = EXCLUDED.wait_minutes,
               pre_test = EXCLUDED.pre_test, updated_at = now()`,
            [
              tenantId,
              moduleId,
              JSON.stringify(settings.pools),
              settings.attemptLimit ?? null,
              settings.waitMinutes ?? 0,
              settings.preTest,
            ],
          );
        else
          await tx.query('DELETE FROM module_quiz_draws WHERE tenant_id = $1 AND module_id = $2', [
            tenantId,
            moduleId,
          ]);
        await writeAudit(tx, audit);
        return true;
      });
    },

    async attempts(l, moduleId) {
      const found = await rows(
        db,
        attemptRow,
        `SELECT ${ATTEMPT_COLUMNS} FROM drawn_attempts
          WHERE tenant_id = $1 AND person_id = $2 AND module_id = $3 ORDER BY id`,
        [l.tenantId, l.personId, moduleId],
      );
      return found.map(toAttempt);
    },

    async attemptAnswers(l, attemptId) {
      const row = await firstRow(
        db,
        object({ answers: array(array(int)), results: array(bool) }),
        `SELECT answers, results FROM drawn_attempts
          WHERE tenant_id = $1 AND id = $3 AND person_id = $2 AND submitted_at IS NOT NULL`,
        [l.tenantId, l.personId, attemptId],
      );
      return row;
    },

    async startAttempt(l, input) {
      // The partial unique indexes keep one open attempt per kind and one pre-test: a concurrent start inserts
      // nothing and reads the open one.
      const started = await firstRow(
        db,
        attemptRow,
        `INSERT INTO drawn_attempts (tenant_id, person_id, module_id, module_version_id, kind, questions)
         VALUES ($1, $2, $3, $4, $5, $6::bigint[])
         ON CONFLICT DO NOTHING
         RETURNING ${ATTEMPT_COLUMNS}`,
        [l.tenantId, l.personId, input.moduleId, input.moduleVersionId, input.kind, input.questions],
      );
      if (started) return toAttempt(started);
      const open = await firstRow(
        db,
        attemptRow,
        `SELECT ${ATTEMPT_COLUMNS} FROM drawn_attempts
          WHERE tenant_id = $1 AND person_id = $2 AND module_id = $3 AND kind = $4 AND submitted_at IS NULL`,
        [l.tenantId, l.personId, input.moduleId, input.kind],
      );
      return open ? toAttempt(open) : undefined;
    },

    async submitPreTest(l, attemptId, result) {
      const done = await rows(
        db,
        object({ id: int }),
        `UPDATE drawn_attempts SET submitted_at = $7, answers = $4::jsonb, results = $5::boolean[], percent = $6
          WHERE tenant_id = $1 AND id = $3 AND person_id = $2 AND kind = 'pre' AND submitted_at IS NULL
          RETURNING id`,
        [
          l.tenantId,
          l.personId,
          attemptId,
          JSON.stringify(result.answers),
          result.results,
          result.percent,
          result.submittedAt,
        ],
      );
      return done.length > 0;
    },

    async prePostOfModule(tenantId, moduleId, contextId) {
      const found = await rows(
        db,
        prePostRow,
        prePostSql(`p.module_id = $2 AND ($3::bigint IS NULL OR EXISTS (
          SELECT 1 FROM enrolments e WHERE e.tenant_id = $1 AND e.context_id = $3 AND e.person_id = p.person_id))`),
        [tenantId, moduleId, contextId ?? null],
      );
      return found.map(toPrePost);
    },

    async prePostOfPerson(tenantId, personId) {
      const found = await rows(db, prePostRow, prePostSql('p.person_id = $2'), [tenantId, personId]);
      return found.map(toPrePost);
    },

    async prePostBetween(tenantId, from, to) {
      const found = await rows(
        db,
        prePostRow,
        `SELECT * FROM (${prePostSql('true')}) x
          WHERE (x.post_at AT TIME ZONE 'Asia/Bangkok')::date BETWEEN $2::date AND $3::date`,
        [tenantId, from, to],
      );
      return found.map(toPrePost);
    },
  };
}
