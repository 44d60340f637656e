import { openPglite, openPostgres, type Database } from '../../src/db/database';
import { HAS_LEARNER_ROLE } from '../../src/db/record-sql';
import { isLearner } from '../../src/shared/lis-roles';
import { createEmptyTestDatabase } from '../support/test-db';

// The learner-role test has one home (isLearner); the SQL over stored enrolments is built from its sets. This holds
// the SQL to the function on every form of role a platform sends, and on the near misses.

let db: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  const t = await createEmptyTestDatabase();
  drop = t.drop;
  db = t.url ? openPostgres(t.url) : await openPglite(undefined);
});
afterAll(async () => {
  await db.close();
  await drop();
});

const V2 = 'http://purl.imsglobal.org/vocab/lis/v2/';
const cases: string[][] = [
  [`${V2}membership#Learner`],
  [`${V2}membership/Learner#Learner`],
  ['urn:lti:role:ims/lis/Learner'],
  ['Learner'],
  [`${V2}membership#Instructor`, `${V2}membership#Learner`],
  [`${V2}membership#Instructor`],
  [`${V2}membership#Instructor`, `${V2}system/person#Administrator`, `${V2}institution/person#Administrator`],
  [`${V2}institution/person#Learner`],
  ['urn:lti:instrole:ims/lis/Learner'],
  [`${V2}membership/Learner#NonCreditLearner`],
  [`${V2}membership#learner`],
  ["it's#Learner"],
  [],
];

it.each(cases)(
  'an enrolment with roles %j is a learner in SQL exactly when isLearner says so',
  async (...roles) => {
    const [row] = await db.query<{ learner: boolean }>(
      `SELECT ${HAS_LEARNER_ROLE} AS learner FROM (SELECT $1::text[] AS roles) e`,
      [roles],
    );
    expect(row!.learner).toBe(isLearner(roles));
  },
);
