import type { z } from 'zod';
import { isTranslationKey, t, type Locale, type TranslationKey } from '../i18n/i18n';

/**
 * One form's errors, all at once: every problem names its field, in the user's language, for the summary at the
 * top of the page (views/partials/error-summary.hbs, linked to each field) and for the message next to the field.
 *
 * A form describes its fields in page order (`FormField`); problems come from zod issues (`zodProblems`) and from
 * the domain's own checks (`{ field, key, params }`), and `formErrors` turns them into what the views need.
 */

/**
 * A field of a form: the name its problems carry, the id of its control on the page (its message is `<id>-error`),
 * its label (translated), and where the summary links when that is not the control itself (a group of inputs
 * links to its first input).
 */
export interface FormField {
  field: string;
  id: string;
  label: string;
  href?: string;
}

/** A problem with one field: an i18n key and its parameters. */
export interface FieldProblem {
  field: string;
  key: TranslationKey;
  params?: Record<string, string | number>;
}

/** What the views show: the summary's items, and per field its message and the id that describes it. */
export interface FormErrors {
  /** In page order, one per field: `href` is `#<id of the control>`, `message` names the field. */
  summary: Array<{ field: string; href: string; message: string }>;
  /** Per field name: the message shown next to it, and the id of that message (for aria-describedby). */
  fields: Record<string, { message: string; id: string }>;
  hasErrors: boolean;
}

/**
 * zod issues as problems: a message that is an i18n key (set on the schema, e.g. `{ error: 'record.error.url' }`)
 * is used as it is; otherwise the issue's code says what is wrong (too long, missing, not in the expected form).
 * The field is the issue's path joined with dots (`skill.DL`).
 */
export function zodProblems(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    if (isTranslationKey(issue.message)) return { field, key: issue.message };
    switch (issue.code) {
      case 'too_big':
        return { field, key: 'form.error.tooLong', params: { max: Number(issue.maximum) } };
      case 'too_small':
        return { field, key: 'form.error.required' };
      case 'invalid_type':
        return { field, key: 'form.error.required' };
      default:
        return { field, key: 'form.error.invalid' };
    }
  });
}

/**
 * The errors of a form, in the order of its fields; the first problem of a field is the one shown. Problems of a
 * field the form does not list are shown in the summary under the form's first field, so none is lost.
 */
export function formErrors(
  locale: Locale,
  fields: readonly FormField[],
  problems: readonly FieldProblem[],
): FormErrors {
  const first = new Map<string, FieldProblem>();
  const known = new Set(fields.map((f) => f.field));
  for (const p of problems) {
    const field = known.has(p.field) ? p.field : (fields[0]?.field ?? p.field);
    if (!first.has(field)) first.set(field, { ...p, field });
  }
  const summary: FormErrors['summary'] = [];
  const byField: FormErrors['fields'] = {};
  for (const f of fields) {
    const p = first.get(f.field);
    if (!p) continue;
    const message = t(locale, p.key, p.params ?? {});
    summary.push({
      field: f.field,
      href: f.href ?? `#${f.id}`,
      message: t(locale, 'form.error.item', { label: f.label, message }),
    });
    byField[f.field] = { message, id: `${f.id}-error` };
  }
  return { summary, fields: byField, hasErrors: summary.length > 0 };
}

/** The message shown next to a field, and its id (for aria-describedby). */
export type FieldMessage = FormErrors['fields'][string];

/** A field written in both languages (views/partials/bi-field.hbs), each with its own message. */
export interface BilingualField {
  th: string;
  en: string;
  errorTh: FieldMessage | undefined;
  errorEn: FieldMessage | undefined;
}

/** A form without errors (its first rendering). */
export const NO_ERRORS: FormErrors = { summary: [], fields: {}, hasErrors: false };
