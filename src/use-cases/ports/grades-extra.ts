/** The grade outbox's worker, as a use case that queued grades sees it. */
export interface GradeDelivery {
  /** Sends what was queued now, without waiting for the next poll. */
  kick(): void;
}
