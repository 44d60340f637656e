import { isTranslationKey, t, type Locale } from '../../i18n/i18n';

/**
 * The name of a kind of logged learning (activity.type.<code>). Entries carry the code as stored; one this
 * version has no name for, or none, is named by the general word ("activity"). Every activity type of the domain
 * has its name: the log form names each one with a typed key, which the type check holds to th.json.
 */
export function activityTypeName(l: Locale, code: string | undefined): string {
  const key = `activity.type.${code}`;
  return code !== undefined && isTranslationKey(key) ? t(l, key) : t(l, 'activity.type.undefined');
}
