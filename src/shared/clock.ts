/** Today's date (ISO) where the learners are: Thai dates and fiscal years run on Bangkok time (UTC+7, no DST). */
export function bangkokToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}
