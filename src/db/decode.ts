import type { Queryable } from './database';

/**
 * Checked rows: every query of a repository names the shape of its rows as a decoder, and `rows()` checks each row
 * against it before the repository reads a field. A row that does not fit (a migration renamed a column, a JSON
 * aggregate changed, a numeric arrived as a string) fails loudly at the query, naming the query and the field,
 * instead of travelling on as a wrong type.
 *
 * Why small hand-written decoders, not zod or Kysely:
 * - zod copies every object it parses. The class view folds tens of thousands of entries per page; parsing 30,000
 *   such rows with zod 4 cost 8-23 ms warm (and 190 ms on first use) on this machine, against a page budget of
 *   150 ms that the page already nearly spends. These decoders check in place and return the same object: the
 *   same 30,000 rows take about 1 ms.
 * - Kysely would type the queries from a schema file that has to be generated from the database and kept in the
 *   tree, and would mean rewriting the hand-tuned SQL (CTEs that queue grades, JSON aggregation) in its builder.
 *   The SQL stays as it is; only what comes back is checked.
 * Errors name the field and what was expected, never the value (rows hold personal data).
 */
export type Decoder<T> = (value: unknown) => T;
export type Decoded<D> = D extends Decoder<infer T> ? T : never;

/** A row that does not have the shape its query declares: a bug or a schema drift, never bad input. */
export class RowShapeError extends Error {
  /** Where in the row, outermost first: ['history', '3', 'hours']; filled in as the error leaves each level. */
  readonly path: string[] = [];
  constructor(readonly expected: string) {
    super(`expected ${expected}`);
    this.name = 'RowShapeError';
  }
  /** Adds the enclosing level's name (the paths are built only when a row fails, not for every field read). */
  within(segment: string): RowShapeError {
    this.path.unshift(segment);
    this.message = `row shape: ${this.path.join('.')}: expected ${this.expected}`;
    return this;
  }
}

function fail(expected: string): never {
  throw new RowShapeError(expected);
}

/** Runs `fn`, naming `segment` in a RowShapeError that leaves it. */
function within<T>(segment: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw err instanceof RowShapeError ? err.within(segment) : err;
  }
}

export const int: Decoder<number> = (v) =>
  typeof v === 'number' && Number.isInteger(v) ? v : fail('an integer');

export const text: Decoder<string> = (v) => (typeof v === 'string' ? v : fail('a string'));

export const bool: Decoder<boolean> = (v) => (typeof v === 'boolean' ? v : fail('a boolean'));

/**
 * A numeric column or value as a number: `numeric` arrives as a string from the driver (`::text` in our SQL), and
 * as a JSON number inside json_agg; floats (percentile_cont) as numbers.
 */
export const numeric: Decoder<number> = (v) => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : fail('a number');
};

/** A bytea column, as the drivers give it (a Buffer from pg, a Uint8Array from PGlite). */
export const bytes: Decoder<Uint8Array> = (v) => (v instanceof Uint8Array ? v : fail('bytes'));

/** A timestamptz, as the drivers give it. */
export const timestamp: Decoder<Date> = (v) =>
  v instanceof Date && !Number.isNaN(v.getTime()) ? v : fail('a timestamp');

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A date as ISO text (YYYY-MM-DD): a `date` column read as `::text`, or a date inside JSON. */
export const isoDate: Decoder<string> = (v) =>
  typeof v === 'string' && ISO_DATE.test(v) ? v : fail('a date (YYYY-MM-DD)');

export function nullable<T>(d: Decoder<T>): Decoder<T | null> {
  return (v) => (v === null || v === undefined ? null : d(v));
}

/** A JSON field that may be absent (JSON.stringify leaves out undefined). */
export function optional<T>(d: Decoder<T>): Decoder<T | undefined> {
  return (v) => (v === undefined ? undefined : d(v));
}

/** Checks with `d`, then builds what the repository hands on from it: one pass for both. */
export function map<A, B>(d: Decoder<A>, f: (a: A) => B): Decoder<B> {
  return (v) => f(d(v));
}

/** One of a few literal values (a CHECK constraint's list). */
export function oneOf<const L extends readonly (string | number)[]>(...values: L): Decoder<L[number]> {
  const set = new Set<unknown>(values);
  const expected = `one of ${values.join(', ')}`;
  return (v) => (set.has(v) ? (v as L[number]) : fail(expected));
}

export function array<T>(d: Decoder<T>): Decoder<T[]> {
  return (v) => {
    if (!Array.isArray(v)) fail('an array');
    let i = 0;
    try {
      for (; i < v.length; i += 1) {
        const after = d(v[i]);
        if (after !== v[i]) v[i] = after;
      }
    } catch (err) {
      throw err instanceof RowShapeError ? err.within(String(i)) : err;
    }
    return v as T[];
  };
}

/** A JSON object used as a map (json_object_agg). */
export function record<T>(d: Decoder<T>): Decoder<Record<string, T>> {
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('an object');
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = within(k, () => d(o[k]));
    return o as Record<string, T>;
  };
}

/** A fixed-length JSON array ([date, category, hours, …]). */
export function tuple<const D extends readonly Decoder<unknown>[]>(
  ...items: D
): Decoder<{ -readonly [K in keyof D]: Decoded<D[K]> }> {
  return (v) => {
    if (!Array.isArray(v) || v.length !== items.length) fail(`an array of ${items.length}`);
    let i = 0;
    try {
      for (; i < items.length; i += 1) v[i] = items[i]!(v[i]);
    } catch (err) {
      throw err instanceof RowShapeError ? err.within(String(i)) : err;
    }
    return v as { -readonly [K in keyof D]: Decoded<D[K]> };
  };
}

export type ObjectDecoder<S extends Record<string, Decoder<unknown>>> = Decoder<{
  [K in keyof S]: Decoded<S[K]>;
}> & {
  /** The field decoders, to build a wider row from: object({ ...row.shape, queued: int }). */
  readonly shape: S;
};

/**
 * A row or JSON object with these fields (others are ignored). Checked in place: each field is replaced by its
 * decoded value (the same value, or a number parsed from a numeric string) and the object itself is returned.
 */
export function object<S extends Record<string, Decoder<unknown>>>(shape: S): ObjectDecoder<S> {
  const keys = Object.keys(shape);
  const decoders = keys.map((k) => shape[k]!);
  const decode = (v: unknown) => {
    if (typeof v !== 'object' || v === null) fail('an object');
    const o = v as Record<string, unknown>;
    let i = 0;
    try {
      for (; i < keys.length; i += 1) {
        // Written back only when decoding changed it (a numeric string): an absent optional field stays absent.
        const k = keys[i]!;
        const before = o[k];
        const after = decoders[i]!(before);
        if (after !== before) o[k] = after;
      }
    } catch (err) {
      throw err instanceof RowShapeError ? err.within(keys[i]!) : err;
    }
    return o as { [K in keyof S]: Decoded<S[K]> };
  };
  return Object.assign(decode, { shape });
}

/**
 * A jsonb document the tool wrote itself after checking it in full against its own schema (a module's content when
 * it is saved or seeded, a framework when it is loaded). Read back, its top-level fields are checked to be there:
 * enough to catch a column holding another kind of document, without running the whole schema again over a large
 * document on every page that shows it.
 */
export function storedDocument<T extends object>(
  what: string,
  requiredKeys: readonly (keyof T & string)[],
): Decoder<T> {
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(what);
    for (const k of requiredKeys) if (!(k in v)) within(k, () => fail(`a field of ${what}`));
    return v as T;
  };
}

/** Decodes every row of a result; `query` names the statement in errors. */
export function decodeRows<T>(row: Decoder<T>, result: readonly unknown[], sql: string): T[] {
  const out: T[] = new Array(result.length);
  let i = 0;
  try {
    for (; i < result.length; i += 1) out[i] = row(result[i]);
  } catch (err) {
    throw err instanceof RowShapeError ? err.within(`${queryName(sql)} row ${i}`) : err;
  }
  return out;
}

/** Runs a statement and decodes its rows. */
export async function rows<T>(
  q: Queryable,
  row: Decoder<T>,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  return decodeRows(row, await q.query<unknown>(sql, params), sql);
}

/** The first row of a statement, decoded, or undefined when it returned none. */
export async function firstRow<T>(
  q: Queryable,
  row: Decoder<T>,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T | undefined> {
  const result = await q.query<unknown>(sql, params);
  return result.length === 0 ? undefined : decodeRows(row, result.slice(0, 1), sql)[0];
}

/** The one row of a statement that always returns one (an aggregate, INSERT … RETURNING), decoded. */
export async function oneRow<T>(
  q: Queryable,
  row: Decoder<T>,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T> {
  const result = await q.query<unknown>(sql, params);
  if (result.length === 0) throw new RowShapeError('one row').within(queryName(sql));
  return decodeRows(row, result.slice(0, 1), sql)[0]!;
}

/** A statement's first words, enough to find it in the source: `SELECT p.id, p.target_group…`. */
function queryName(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}

/** A row id column, branded (src/shared/ids.ts): an integer the brand's constructor accepts. */
export function idColumn<T extends number>(brand: (n: number) => T): Decoder<T> {
  return (v) => {
    const n = int(v);
    return n > 0 ? brand(n) : fail('a positive id');
  };
}
