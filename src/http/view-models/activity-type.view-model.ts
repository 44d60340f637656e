import { t, type Locale } from '../../i18n/i18n';
import { isActivityType } from '../../domain/learning-record/activity-types';

/**
 * The name of a kind of logged learning (activity.type.<code>). Entries carry the code as stored; one this
 * version does not know, or none, is named by the general word ("activity").
 */
export function activityTypeName(l: Locale, code: string | undefined): string {
  return code !== undefined && isActivityType(code)
    ? t(l, `activity.type.${code}`)
    : t(l, 'activity.type.undefined');
}
