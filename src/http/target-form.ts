import { t, type Locale, type TranslationKey } from '../i18n/i18n';
import type { FormField } from './form-errors';

/**
 * The target group form's fields (the learner's own on the progress page; an instructor's per learner on the
 * learners page, where `suffix` is `-<person id>` so that each row's ids are the page's only ones, and the
 * labels name the learner `whose` they are).
 */
export function targetFormFields(l: Locale, suffix: string, whose?: string): FormField[] {
  const label = (key: TranslationKey) =>
    whose ? t(l, 'target.field.of', { label: t(l, key), name: whose }) : t(l, key);
  return [
    { field: 'group', id: `group${suffix}`, label: label('progress.target.group') },
    { field: 'stage', id: `stage${suffix}`, label: label('progress.target.stage') },
  ];
}
