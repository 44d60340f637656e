import { DEMO } from '../../src/demo/demo-platform';
import type { BrowserTool } from './browser';

/** A module whose quiz is drawn from the bank, with a pre-test nobody has taken. */
export const DRAWN_MODULE = 'dl-internet-search-email';
/** A module whose quiz is drawn from the bank, where the demo learner took the pre-test and a post-test. */
export const GAINS_MODULE = 'dl-online-collaboration';

const b = (th: string, en: string) => ({ th, en });

/**
 * The demo organisation's question bank (six Digital Literacy questions), two modules drawing three per attempt
 * with a pre-test, and the demo learner's pre-test (40 %) and post-test (80 %) of one of them, this fiscal year:
 * what the bank, the draw, the module's gains, the learner record and the organisation's year show. Call after
 * seedDemoCourse (the people and the catalogue are there from the launches).
 */
export async function seedQuestionBank(tool: BrowserTool, now = new Date()): Promise<void> {
  const [ids] = await tool.db.query<{ tenant_id: number; learner: number; author: number }>(
    `SELECT l.tenant_id, l.id AS learner, a.id AS author FROM people l
       JOIN people a ON a.tenant_id = l.tenant_id AND a.platform_user_id = $2
      WHERE l.platform_user_id = $1`,
    [DEMO.users.learner.sub, DEMO.users.admin.sub],
  );
  if (!ids) throw new Error('launch the demo learner and administrator before seeding the bank');
  const versions: number[] = [];
  for (let i = 0; i < 6; i += 1) {
    const [q] = await tool.db.query<{ id: number }>(
      'INSERT INTO bank_questions (tenant_id) VALUES ($1) RETURNING id',
      [ids.tenant_id],
    );
    const content = {
      kind: 'single',
      prompt: b(`รหัสผ่านที่ปลอดภัยควรเป็นแบบใด (ข้อ ${i + 1})`, `Which password is safest? (question ${i + 1})`),
      options: [
        { text: b('ชื่อเล่นของตนเอง', 'Your nickname'), correct: false, feedback: b('เดาง่าย', 'Easy to guess') },
        { text: b('วลียาวที่จำได้', 'A long passphrase'), correct: true, feedback: b('ถูกต้อง', 'Right') },
        { text: b('123456', '123456'), correct: false, feedback: b('เดาง่าย', 'Easy to guess') },
      ],
    };
    const [v] = await tool.db.query<{ id: number }>(
      `INSERT INTO bank_question_versions (tenant_id, question_id, version, skill_set, area, difficulty, content, created_by)
       VALUES ($1, $2, 1, 'DL', $3, $4, $5::jsonb, $6) RETURNING id`,
      [
        ids.tenant_id,
        q!.id,
        i % 2 === 0 ? 'DL-SECURE-USE' : null,
        ['easy', 'medium', 'hard'][i % 3],
        JSON.stringify(content),
        ids.author,
      ],
    );
    versions.push(v!.id);
  }
  for (const slug of [DRAWN_MODULE, GAINS_MODULE])
    await tool.db.query(
      `INSERT INTO module_quiz_draws (tenant_id, module_id, pools, attempt_limit, wait_minutes, pre_test)
       SELECT tenant_id, id, '[{"skillSet":"DL","count":3}]', 5, 10, true FROM modules WHERE tenant_id = $1 AND slug = $2`,
      [ids.tenant_id, slug],
    );
  // The learner's pre-test and post-test of GAINS_MODULE (as submitting them writes: the post-test's best score too).
  const [m] = await tool.db.query<{ module_id: number; version_id: number }>(
    `SELECT m.id AS module_id, max(v.id) AS version_id FROM modules m JOIN module_versions v ON v.module_id = m.id
      WHERE m.tenant_id = $1 AND m.slug = $2 GROUP BY m.id`,
    [ids.tenant_id, GAINS_MODULE],
  );
  const at = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  for (const [kind, questions, results, percent, when] of [
    ['pre', versions.slice(0, 3), [true, false, false], 33.33, at(120)],
    ['post', versions.slice(3), [true, true, false], 66.67, at(60)],
  ] as const)
    await tool.db.query(
      `INSERT INTO drawn_attempts (tenant_id, person_id, module_id, module_version_id, kind, questions, started_at,
                                   submitted_at, answers, results, percent)
       VALUES ($1, $2, $3, $4, $5, $6::bigint[], $7, $7, '[]', $8::boolean[], $9)`,
      [ids.tenant_id, ids.learner, m!.module_id, m!.version_id, kind, questions, when, results, percent],
    );
  await tool.db.query(
    `INSERT INTO module_progress (tenant_id, person_id, module_version_id, best_quiz_percent) VALUES ($1, $2, $3, 66.67)
     ON CONFLICT (tenant_id, person_id, module_version_id) DO UPDATE SET best_quiz_percent = 66.67`,
    [ids.tenant_id, ids.learner, m!.version_id],
  );
}
