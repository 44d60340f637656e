/** The values of one parameterised statement built from parts: each value added gets the next placeholder. */
export class SqlParams {
  readonly values: unknown[];

  constructor(initial: readonly unknown[] = []) {
    this.values = [...initial];
  }

  /** Adds a value and returns its placeholder ($1, $2, …). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The body of a data-modifying common table expression (an INSERT …), whose values go into the statement's params. */
export type SqlCte = (params: SqlParams) => string;
