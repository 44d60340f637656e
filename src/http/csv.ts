import type { Response } from 'express';
import { toCsv, type CsvCell } from '../shared/csv';

// Every CSV download leaves through here, written by the one writer (src/shared/csv.ts); test/unit/csv.test.ts
// checks that no other file writes or sends CSV.

/** Sends rows as a CSV download: UTF-8 with a BOM so that Excel opens Thai correctly, CRLF line ends. */
export function sendCsv(res: Response, filename: string, header: string[], rows: CsvCell[][]): void {
  send(res, filename, toCsv([header, ...rows], { bom: true, lineEnd: '\r\n' }));
}

/**
 * Sends a CSV document that a format of its own shaped (Moodle's competency import, written through toCsv with
 * LF line ends), with the BOM: Excel then reads the Thai text as UTF-8, and Moodle's importer strips it.
 */
export function sendCsvDocument(res: Response, filename: string, csv: string): void {
  send(res, filename, `\uFEFF${csv}`);
}

function send(res: Response, filename: string, body: string): void {
  res
    .status(200)
    .set('Content-Type', 'text/csv; charset=utf-8')
    .attachment(filename)
    .set('Cache-Control', 'no-store')
    .send(body);
}
