import fs from 'node:fs';
import path from 'node:path';
import {
  array,
  decodeRows,
  int,
  isoDate,
  nullable,
  numeric,
  object,
  oneOf,
  optional,
  RowShapeError,
  text,
  timestamp,
} from '../../src/db/decode';
import { countedHours, eligibilityColumns } from '../../src/db/record-rows';

const entry = object({
  id: int,
  occurred_on: isoDate,
  category: oneOf(70, 20, 10),
  hours: numeric,
  skill_hours: array(object({ skillSet: text, area: optional(text), hours: numeric })),
  comment: nullable(text),
  created_at: timestamp,
});
const SQL = 'SELECT id, occurred_on::text, category FROM learning_entries WHERE tenant_id = $1';

function shapeError(fn: () => unknown): RowShapeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RowShapeError) return err;
    throw err;
  }
  throw new Error('no RowShapeError');
}

describe('checked rows', () => {
  const good = () => ({
    id: 7,
    occurred_on: '2026-01-31',
    category: 20,
    hours: '1.50',
    skill_hours: [{ skillSet: 'DL', hours: 1.5 }],
    comment: null,
    created_at: new Date('2026-01-31T03:00:00Z'),
  });

  it('passes a row that fits, with numerics as numbers and absent optional fields left absent', () => {
    const [row] = decodeRows(entry, [good()], SQL);
    expect(row).toEqual({ ...good(), hours: 1.5 });
    expect(row!.hours).toBe(1.5);
    expect('area' in row!.skill_hours[0]!).toBe(false);
  });

  it.each([
    [
      'id',
      { id: '7' },
      'row shape: SELECT id, occurred_on::text, category FROM learning_entries… row 1.id: expected an integer',
    ],
    ['category', { category: 30 }, 'category: expected one of 70, 20, 10'],
    ['a date', { occurred_on: '31/01/2026' }, 'occurred_on: expected a date (YYYY-MM-DD)'],
    [
      'a nested field',
      { skill_hours: [{ skillSet: 'DL', hours: 1 }, { hours: 1 }] },
      'skill_hours.1.skillSet: expected a string',
    ],
    ['a missing column', { created_at: undefined }, 'created_at: expected a timestamp'],
    ['a numeric', { hours: 'many' }, 'hours: expected a number'],
  ])('refuses a row with a wrong %s, naming the query, the row and the field', (_what, change, message) => {
    const err = shapeError(() => decodeRows(entry, [good(), { ...good(), ...change }], SQL));
    expect(err.message).toContain(message);
  });

  it('never puts the value in the message (rows hold personal data)', () => {
    const err = shapeError(() => decodeRows(entry, [{ ...good(), comment: 12345678 }], SQL));
    expect(err.message).not.toContain('12345678');
  });

  it('turns the compact counted entries into what eligibility reads, checked', () => {
    expect(countedHours(['2026-01-31', 70, 2, [{ skillSet: 'DL', hours: 2 }]])).toEqual({
      occurredOn: '2026-01-31',
      category: 70,
      hours: 2,
      skillHours: [{ skillSet: 'DL', hours: 2 }],
    });
    expect(() => countedHours(['2026-01-31', 70, 2])).toThrow(RowShapeError);
    const input = eligibilityColumns({
      counted: null,
      modules: ['m1'],
      taken: null,
      firsts: { A: '2026-01-31T00:00:00Z' },
    });
    expect(input.completedModules).toEqual(new Set(['m1']));
    expect(input.firsts.get('A')).toEqual(new Date('2026-01-31T00:00:00Z'));
  });
});

describe('no unchecked rows in src/db', () => {
  // The driver wrapper, the decoders themselves, and the launch's hot statements (launch.repository.ts says why).
  const EXEMPT = new Set(['database.ts', 'decode.ts', 'launch.repository.ts']);
  const dir = path.join(__dirname, '../../src/db');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !EXEMPT.has(f));

  it.each(files)('%s reads rows only through a decoder', (file) => {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    // db.query<Row>(…) is a cast of whatever comes back; rows(db, decoder, …) checks it.
    expect(source.match(/\.query<[^>]*>/g) ?? []).toEqual([]);
  });
});
