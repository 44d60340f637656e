import { formatDateTime, t, type Locale } from '../i18n/i18n';
import type { ComposeMail } from '../use-cases/send-notification-mail';
import { notificationText } from './routes/notifications.routes';

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A person's language from the LMS's locale (th, th-TH, en-US…); else the tool's default. */
const localeOf = (locale: string | undefined, fallback: Locale): Locale =>
  locale?.toLowerCase().startsWith('en') ? 'en' : locale?.toLowerCase().startsWith('th') ? 'th' : fallback;

/**
 * The words of notification e-mail, in the person's language: a subject, plain text and simple HTML. The only link
 * is the LMS (the organisation's issuer): a session's ltik never goes into e-mail, so the reader opens the tool
 * from their course.
 */
export function composeNotificationMail(defaultLocale: Locale): ComposeMail {
  return (box, notifications) => {
    const l = localeOf(box.locale, defaultLocale);
    const lines = notifications.map((n) => ({
      text: notificationText(l, n),
      when: formatDateTime(l, n.createdAt),
      course: n.contextTitle,
    }));
    const subject =
      lines.length === 1
        ? t(l, 'notifications.mail.subject.one', { text: lines[0]!.text })
        : t(l, 'notifications.mail.subject.digest', { count: lines.length });
    const greeting = box.name
      ? t(l, 'notifications.mail.greeting', { name: box.name })
      : t(l, 'notifications.mail.greetingAnonymous');
    const lms = /^https?:\/\//.test(box.lmsUrl) ? box.lmsUrl : '';
    const open = lms ? t(l, 'notifications.mail.open', { url: lms }) : '';
    const item = (x: (typeof lines)[number]) =>
      `${x.text} (${x.when}${x.course ? ` · ${t(l, 'notifications.inCourse', { course: x.course })}` : ''})`;
    const text = [
      greeting,
      '',
      t(l, 'notifications.mail.intro'),
      ...lines.map((x) => `- ${item(x)}`),
      '',
      ...(open ? [open, ''] : []),
      t(l, 'notifications.mail.why'),
    ].join('\n');
    const html = [
      `<!doctype html><html lang="${l}"><body>`,
      `<p>${escape(greeting)}</p>`,
      `<p>${escape(t(l, 'notifications.mail.intro'))}</p>`,
      `<ul>${lines.map((x) => `<li>${escape(item(x))}</li>`).join('')}</ul>`,
      lms
        ? `<p>${escape(t(l, 'notifications.mail.open', { url: '' }))}<a href="${escape(lms)}">${escape(lms)}</a></p>`
        : '',
      `<p><small>${escape(t(l, 'notifications.mail.why'))}</small></p>`,
      '</body></html>',
    ].join('');
    return { subject, text, html };
  };
}
