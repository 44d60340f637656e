import { formatDate, formatDateTime, isTranslationKey, t, type Locale } from '../i18n/i18n';
import type { AuditDetails } from '../use-cases/ports/audit';

/** One line of an audit row's details as the page shows it: a name in the page's language and a readable value. */
export interface AuditDetailItem {
  label: string;
  value: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const NOTHING = '—';

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A key the tool writes has its name under `audit.detail.<key>`; any other shows as it was written. */
function label(l: Locale, key: string): string {
  const k = `audit.detail.${key}`;
  return isTranslationKey(k) ? t(l, k) : key;
}

/** A coded value with a name (`audit.value.<key>.<value>`: a decision, a scope) shows that name; others as they are. */
function codeName(l: Locale, key: string | undefined, value: string): string | undefined {
  if (key === undefined) return undefined;
  const k = `audit.value.${key}.${value}`;
  return isTranslationKey(k) ? t(l, k) : undefined;
}

function valueText(l: Locale, v: unknown, key?: string): string {
  if (v === null || v === undefined) return NOTHING;
  if (typeof v === 'boolean') return t(l, v ? 'audit.value.yes' : 'audit.value.no');
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    if (ISO_DATE.test(v)) {
      const d = new Date(`${v}T12:00:00+07:00`);
      if (!Number.isNaN(d.getTime())) return formatDate(l, d);
    }
    if (ISO_TIMESTAMP.test(v)) {
      const d = new Date(v);
      if (!Number.isNaN(d.getTime())) return formatDateTime(l, d);
    }
    return codeName(l, key, v) ?? (v === '' ? NOTHING : v);
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return NOTHING;
    const simple = v.every((x) => !isObject(x) && !Array.isArray(x));
    return v.map((x) => valueText(l, x, key)).join(simple ? ', ' : '; ');
  }
  if (isObject(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return NOTHING;
    return entries.map(([k, x]) => `${label(l, k)}: ${valueText(l, x, k)}`).join(', ');
  }
  return JSON.stringify(v) ?? NOTHING;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A before and an after: two objects give a line per field that changed ("Hours: 1.5 → 2"), anything else one
 * line ("Change: 2568 → 2569").
 */
function changeItems(l: Locale, before: unknown, after: unknown): AuditDetailItem[] {
  const b = before ?? {};
  const a = after ?? {};
  if (isObject(b) && isObject(a)) {
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    const changed = keys.filter((k) => !same(b[k], a[k]));
    return (changed.length ? changed : keys).map((k) => ({
      label: label(l, k),
      value: `${valueText(l, b[k], k)} → ${valueText(l, a[k], k)}`,
    }));
  }
  return [{ label: t(l, 'audit.detail.change'), value: `${valueText(l, before)} → ${valueText(l, after)}` }];
}

/**
 * An audit row's details (the JSON the stores write: ids, codes, before and after) as short lines in the page's
 * language: known keys by name, dates in the page's calendar (the Buddhist era in Thai), lists joined, a before and
 * an after as "before → after". The CSV export keeps the JSON itself.
 */
export function auditDetailItems(l: Locale, details: AuditDetails): AuditDetailItem[] {
  const items: AuditDetailItem[] = [];
  const hasChange = 'before' in details || 'after' in details;
  for (const [key, value] of Object.entries(details)) {
    if (key === 'before' || key === 'after') {
      // The pair is shown once, where the first of the two was written.
      if (hasChange && (key === 'before' || !('before' in details)))
        items.push(...changeItems(l, details.before, details.after));
      continue;
    }
    items.push({ label: label(l, key), value: valueText(l, value, key) });
  }
  return items;
}
