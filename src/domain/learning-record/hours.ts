/**
 * Hours to the hundredth: what the record keeps and every total adds up to. How hours are typed and shown is a
 * format, in src/shared/hours-text.ts.
 */
export const roundHours = (n: number): number => Math.round(n * 100) / 100;
