import { toCsv } from '../../shared/csv';
import type { Framework, Locale } from './framework';

/*
 * The CSV read by Moodle's "Import competency framework" tool (admin/tool/lpimportcsv). Where the format is defined
 * (moodle/moodle; line numbers as in commit 5181476e of framework_importer.php):
 * - admin/tool/lpimportcsv/classes/framework_importer.php, list_required_headers() (lines 78-95): the 14 columns,
 *   in this order, labelled with the strings of lang/en/tool_lpimportcsv.php (parentidnumber, idnumber, shortname,
 *   description, descriptionformat, scalevalues, scaleconfiguration, ruletype, ruleoutcome, ruleconfig,
 *   relatedidnumbers, exportid, isframework, taxonomy). read_mapping_data() maps them by POSITION (0..13); the
 *   confirm form (classes/form/import_confirm.php) only lets the admin re-map columns, so the order is what counts.
 * - The same file, __construct(): a row whose "Is framework" is true to PHP ("1") is the framework; any other row is a
 *   competency; ID numbers and short names are cut to 100 characters; add_children() links a competency to the row
 *   whose ID number equals its "Parent ID number" (empty = top level).
 * - The same file, import(): the framework's "Scale values" (comma-separated item names) pick an existing global
 *   scale with exactly those items, or create one; "Scale configuration" is JSON whose first element is replaced by
 *   {scaleid}. competency/classes/competency_framework.php, validate_scaleconfiguration(): at least one item must be
 *   the default and one proficient. validate_taxonomies(): "Taxonomy" is a comma list, one term per tree level.
 * - admin/tool/lpimportcsv/classes/framework_exporter.php, export(): how Moodle itself writes these rows (framework
 *   row first, "Is framework" 1; competency rows with rule outcome 0 and rule config "null").
 * - lib/csvlib.class.php, csv_import_reader::load_csv_content(): strips a UTF-8 BOM and turns CRLF and CR into LF
 *   before parsing, so either line ending works (the stored copy read was an older revision of that file). Moodle's
 *   own export (fputcsv) ends rows with LF, and so do we. tests/fixtures/example.csv shows quoted multi-line fields.
 */

export const MOODLE_COMPETENCY_CSV_HEADER: readonly string[] = [
  'Parent ID number',
  'ID number',
  'Short name',
  'Description',
  'Description format',
  'Scale values',
  'Scale configuration',
  'Rule type (optional)',
  'Rule outcome (optional)',
  'Rule config (optional)',
  'Cross-referenced competency ID numbers',
  'Exported ID (optional)',
  'Is framework',
  'Taxonomy',
];

/** Moodle's FORMAT_PLAIN: descriptions are plain text, which Moodle escapes when it shows them. */
const FORMAT_PLAIN = '2';

/**
 * The items of the "Default competence scale" that Moodle installs, so the import reuses it rather than creating a
 * scale. Item 2 (Competent) is both the default rating and proficient, as in admin/tool/lpimportcsv/tests/fixtures/example.csv.
 */
export const MOODLE_DEFAULT_SCALE_VALUES = 'Not yet competent,Competent';
const SCALE_CONFIGURATION = JSON.stringify([{ scaleid: '0' }, { id: 2, scaledefault: 1, proficient: 1 }]);

/** Tree levels: 1 dimensions, 2 skill sets, 3 areas. */
const TAXONOMIES = 'domain,competency,skill';

const MAX_SHORT_NAME = 100;

/** The ID number of a dimension, skill set or area: `<framework id>/<code>`. */
export function moodleIdNumber(f: Pick<Framework, 'id'>, code: string): string {
  return `${f.id}/${code}`;
}

/**
 * The framework as a Moodle competency framework CSV: one framework row, then each dimension followed by its skill
 * sets, each followed by its areas. UTF-8 text; the caller adds the BOM if it wants one. A text cell starting
 * with = + - @ (or a tab or CR) gets a leading apostrophe, which Moodle then keeps as part of the name: the price
 * of never handing a spreadsheet a formula.
 */
export function toMoodleCompetencyCsv(f: Framework, locale: Locale): string {
  const rows: string[][] = [[...MOODLE_COMPETENCY_CSV_HEADER]];
  const competency = (parent: string, code: string, name: string, description: string) => {
    const short = shortName(name);
    rows.push([
      parent,
      moodleIdNumber(f, code),
      short,
      short === name ? description : `${name}\n\n${description}`,
      FORMAT_PLAIN,
      '',
      '',
      '',
      '0',
      'null',
      '',
      '',
      '',
      '',
    ]);
  };

  const name = f.name[locale];
  const short = shortName(name);
  rows.push([
    '',
    f.id,
    short,
    [short === name ? '' : name, f.source[locale], `${f.id} ${f.version}`].filter(Boolean).join('\n\n'),
    FORMAT_PLAIN,
    MOODLE_DEFAULT_SCALE_VALUES,
    SCALE_CONFIGURATION,
    '',
    '',
    '',
    '',
    '',
    '1',
    TAXONOMIES,
  ]);

  for (const d of f.dimensions) {
    competency('', d.code, d.name[locale], d.description[locale]);
    for (const s of f.skillSets.filter((x) => x.dimension === d.code)) {
      competency(moodleIdNumber(f, d.code), s.code, s.name[locale], s.description[locale]);
      for (const a of f.areas.filter((x) => x.skillSet === s.code))
        competency(moodleIdNumber(f, s.code), a.code, a.name[locale], a.description[locale]);
    }
  }

  // The tool's one CSV writer: RFC 4180 quoting, and a name or description that would start a formula in a
  // spreadsheet (an imported framework's text) is written as text.
  return toCsv(rows, { lineEnd: '\n' });
}

/** Cut to Moodle's 100 characters (code points, as core_text::strlen counts) without splitting a Thai cluster. */
function shortName(name: string): string {
  if (Array.from(name).length <= MAX_SHORT_NAME) return name;
  let out = '';
  let length = 0;
  for (const { segment } of new Intl.Segmenter('th', { granularity: 'grapheme' }).segment(name)) {
    const n = Array.from(segment).length;
    if (length + n > MAX_SHORT_NAME - 1) break;
    out += segment;
    length += n;
  }
  return `${out.trimEnd()}…`;
}
