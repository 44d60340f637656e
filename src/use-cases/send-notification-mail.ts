import { bangkokToday } from '../shared/clock';
import type { Mailbox, MailMessage, Mailer, MailStore } from './ports/mail';
import type { NotificationRow } from './ports/notifications';

/** The words of a message (http/notification-mail.ts: the person's language, plain text and simple HTML). */
export type ComposeMail = (
  box: Mailbox,
  notifications: NotificationRow[],
) => Pick<MailMessage, 'subject' | 'text' | 'html'>;

export interface MailDeps {
  store: MailStore;
  mailer: Mailer;
  compose: ComposeMail;
  now?: () => Date;
  onError?(err: unknown, box: Pick<Mailbox, 'tenantId' | 'personId'>): void;
}

const MAX_BACKOFF_SECONDS = 6 * 3600;

/** The next try after `attempts` SMTP failures: 1 minute, doubling, at most 6 hours. */
export const mailRetrySeconds = (attempts: number) =>
  Math.min(60 * 2 ** Math.max(attempts, 0), MAX_BACKOFF_SECONDS);

/** The start of the Bangkok day after `now` (when the next digest may go). */
function nextBangkokDay(now: Date): Date {
  const day = bangkokToday(now);
  return new Date(Date.parse(`${day}T00:00:00+07:00`) + 86_400_000);
}

/**
 * One round of notification e-mail: claims the people whose mail is due and, by their choice (a digest when they
 * made none), sends each notification as it happens, or one digest of all that waits at most once a Bangkok day,
 * or nothing (no e-mail chosen, or no address from the LMS: what waits is marked as not to be sent). What was sent
 * is recorded only once the server took it; a failure leaves it waiting and tries again later with backoff.
 */
export async function sendDueMail(
  deps: MailDeps,
  options: { batch?: number; leaseSeconds?: number } = {},
): Promise<{ claimed: number; sent: number; failed: number }> {
  const now = (deps.now ?? (() => new Date()))();
  const boxes = await deps.store.claimDue(now, options.batch ?? 50, options.leaseSeconds ?? 120);
  let sent = 0;
  let failed = 0;
  for (const box of boxes) {
    const mode = box.mode ?? 'digest';
    const ids = box.waiting.map((n) => n.id);
    try {
      if (!box.email || mode === 'none' || box.waiting.length === 0) {
        await deps.store.done(box, ids, {});
      } else if (mode === 'each') {
        for (const n of box.waiting) {
          await deps.mailer.send({
            to: box.email,
            ...deps.compose(box, [n]),
            messageId: `<notification-${box.tenantId}-${n.id}@digiskill.invalid>`,
          });
          sent += 1;
          // Recorded one by one: a failure later in the list does not send the earlier ones again.
          await deps.store.done(box, [n.id], {});
        }
      } else {
        const today = bangkokToday(now);
        if (box.lastDigestOn === today) {
          await deps.store.done(box, [], { dueAt: nextBangkokDay(now) });
          continue;
        }
        await deps.mailer.send({
          to: box.email,
          ...deps.compose(box, box.waiting),
          messageId: `<digest-${box.tenantId}-${box.personId}-${today}@digiskill.invalid>`,
        });
        sent += 1;
        await deps.store.done(box, ids, { digestOn: today });
      }
    } catch (err) {
      failed += 1;
      deps.onError?.(err, box);
      await deps.store.failed(
        box,
        (err as Error).message,
        new Date(now.getTime() + mailRetrySeconds(box.attempts) * 1000),
      );
    }
  }
  return { claimed: boxes.length, sent, failed };
}

/** Runs the mail rounds in the background every `intervalMs`; rounds never overlap. `drain()`: one round now. */
export function startMailWorker(deps: MailDeps, options: { intervalMs: number; batch?: number }) {
  let running: Promise<void> | undefined;
  let stopped = false;
  const batch = options.batch ?? 50;
  function run(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) return running;
    running = (async () => {
      try {
        let round;
        do round = await sendDueMail(deps, { batch });
        while (round.claimed === batch && !stopped);
      } catch (err) {
        deps.onError?.(err, { tenantId: 0 as never, personId: 0 as never });
      } finally {
        running = undefined;
      }
    })();
    return running;
  }
  const timer = setInterval(() => void run(), options.intervalMs);
  timer.unref();
  return {
    drain: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

export type MailWorker = ReturnType<typeof startMailWorker>;
