import type { Response } from 'express';

/** One CSV cell: quoted when needed; a leading = + - @ is defused so that a spreadsheet never runs it. */
function cell(value: string | number | undefined | null): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Sends rows as a CSV download: UTF-8 with a BOM so that Excel opens Thai correctly, CRLF line ends. */
export function sendCsv(
  res: Response,
  filename: string,
  header: string[],
  rows: Array<Array<string | number | undefined | null>>,
): void {
  const body = [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n');
  res
    .status(200)
    .set('Content-Type', 'text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="${filename}"`)
    .set('Cache-Control', 'no-store')
    .send(`\uFEFF${body}\r\n`);
}
