import type { Response } from 'express';
import { toCsv, type CsvCell } from '../domain/csv';

/** Sends rows as a CSV download: UTF-8 with a BOM so that Excel opens Thai correctly, CRLF line ends. */
export function sendCsv(res: Response, filename: string, header: string[], rows: CsvCell[][]): void {
  res
    .status(200)
    .set('Content-Type', 'text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="${filename}"`)
    .set('Cache-Control', 'no-store')
    .send(toCsv([header, ...rows], { bom: true, lineEnd: '\r\n' }));
}
