/**
 * Which self-assessment is a person's last: the tool's own or an imported DG-SA result (the OCSC's official online
 * self-assessment, an administrator's import of official results). Seed 002 makes the DG-SA THE self-assessment
 * every official takes; the tool's own is a copy to practise and plan with. Both count, so the later one is the
 * person's last; on the same day the DG-SA is, being the official one. Eligibility, the class view and the need
 * analysis all ask this, so it has one home.
 */
export type SelfAssessmentSource = 'own' | 'dg_sa';

export interface LatestSelfAssessment {
  /** ISO date it was taken on. */
  on: string;
  source: SelfAssessmentSource;
}

/** The later of two dates and where it came from; on the same day the DG-SA. Undefined when neither is given. */
export function newerSelfAssessment(
  own: string | undefined,
  dgSa: string | undefined,
): LatestSelfAssessment | undefined {
  if (dgSa !== undefined && (own === undefined || dgSa >= own)) return { on: dgSa, source: 'dg_sa' };
  return own === undefined ? undefined : { on: own, source: 'own' };
}

/**
 * A person's last self-assessment taken by `today` (a date after it is not taken yet), from the dates of the tool's
 * own and of the imported DG-SA results.
 */
export function latestSelfAssessment(
  own: readonly string[],
  dgSa: readonly string[],
  today: string,
): LatestSelfAssessment | undefined {
  return newerSelfAssessment(latestBy(own, today), latestBy(dgSa, today));
}

function latestBy(dates: readonly string[], today: string): string | undefined {
  let last: string | undefined;
  for (const d of dates) if (d <= today && (last === undefined || d > last)) last = d;
  return last;
}
